export { IncidentActions } from './IncidentActions';
export type { IncidentActionsProps } from './IncidentActions';
