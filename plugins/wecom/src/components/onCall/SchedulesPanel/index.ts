export { SchedulesPanel } from './SchedulesPanel';
