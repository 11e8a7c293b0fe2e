export * from './ResponseTimesChart';
