export { RowActions } from './RowActions';
export type { RowActionsProps } from './RowActions';
