export { ScheduleDialog } from './ScheduleDialog';
