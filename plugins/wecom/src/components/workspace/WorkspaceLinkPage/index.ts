export { WorkspaceLinkPage } from './WorkspaceLinkPage';
