export { LinkUserDialog } from './LinkUserDialog';
export type { LinkUserDialogProps } from './LinkUserDialog';
