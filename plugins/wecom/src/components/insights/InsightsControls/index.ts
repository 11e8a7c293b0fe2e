export * from './InsightsControls';
