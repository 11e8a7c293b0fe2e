export { UnlinkUserDialog } from './UnlinkUserDialog';
export type { UnlinkUserDialogProps } from './UnlinkUserDialog';
