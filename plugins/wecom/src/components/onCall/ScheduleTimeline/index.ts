export { ScheduleTimeline } from './ScheduleTimeline';
