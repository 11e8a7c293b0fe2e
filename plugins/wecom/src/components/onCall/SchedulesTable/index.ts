export { SchedulesTable } from './SchedulesTable';
