export { MessageOnWeComLink } from './MessageOnWeComLink';
export type { MessageOnWeComLinkProps } from './MessageOnWeComLink';
