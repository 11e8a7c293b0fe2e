export { HealthReport } from './HealthReport';
