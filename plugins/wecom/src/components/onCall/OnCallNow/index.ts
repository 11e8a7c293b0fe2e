export { OnCallNow } from './OnCallNow';
