export { LinkedUsersTable } from './LinkedUsersTable';
export type { LinkedUsersTableProps } from './LinkedUsersTable';
