export { LinkedUsersFilter } from './LinkedUsersFilter';
export type { LinkedUsersFilterProps } from './LinkedUsersFilter';
