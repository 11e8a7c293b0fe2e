export { LinkedUsersPanel } from './LinkedUsersPanel';
export type { LinkedUsersPanelProps } from './LinkedUsersPanel';
