export { OneClickLinkResult } from './OneClickLinkResult';
