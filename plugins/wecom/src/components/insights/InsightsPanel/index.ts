export * from './InsightsPanel';
