export * from './PagesPerPersonChart';
