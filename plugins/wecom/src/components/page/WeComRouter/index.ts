export { WeComRouter } from './WeComRouter';
