export { DeleteIntegrationDialog } from './DeleteIntegrationDialog';
