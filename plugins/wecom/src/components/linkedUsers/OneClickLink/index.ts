export { OneClickLink } from './OneClickLink';
export type { OneClickLinkProps } from './OneClickLink';
