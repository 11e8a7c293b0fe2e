export { IncidentListPage } from './IncidentListPage';
