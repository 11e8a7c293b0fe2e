export { NewIncidentDialog } from './NewIncidentDialog';
export type { NewIncidentDialogProps } from './NewIncidentDialog';
