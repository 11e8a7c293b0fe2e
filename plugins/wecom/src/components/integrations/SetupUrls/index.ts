export { SetupUrls } from './SetupUrls';
