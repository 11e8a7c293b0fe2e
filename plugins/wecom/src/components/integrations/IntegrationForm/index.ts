export { IntegrationFormDialog } from './IntegrationFormDialog';
export type { IntegrationFormDialogProps } from './IntegrationFormDialog';
