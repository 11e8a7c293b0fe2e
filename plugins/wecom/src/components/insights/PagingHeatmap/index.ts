export * from './PagingHeatmap';
