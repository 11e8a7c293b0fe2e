export { PoliciesTable } from './PoliciesTable';
