export { OverrideDialog } from './OverrideDialog';
