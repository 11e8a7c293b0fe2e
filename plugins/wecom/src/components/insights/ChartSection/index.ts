export * from './ChartSection';
