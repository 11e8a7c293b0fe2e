export { IncidentsRouter } from './IncidentsRouter';
