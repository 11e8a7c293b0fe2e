export { MyNotifications } from './MyNotifications';
