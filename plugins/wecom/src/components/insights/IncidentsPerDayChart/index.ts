export * from './IncidentsPerDayChart';
