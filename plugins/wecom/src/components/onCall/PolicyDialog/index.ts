export { PolicyDialog } from './PolicyDialog';
