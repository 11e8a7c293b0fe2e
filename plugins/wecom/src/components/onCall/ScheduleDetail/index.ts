export { ScheduleDetail } from './ScheduleDetail';
