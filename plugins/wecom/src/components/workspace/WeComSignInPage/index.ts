export { WeComSignInPage } from './WeComSignInPage';
export type { WeComSignInPageProps } from './WeComSignInPage';
