export { WeComPage } from './WeComPage';
