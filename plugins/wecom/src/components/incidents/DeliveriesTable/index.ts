export { DeliveriesTable } from './DeliveriesTable';
