/**
 * Passwordless Backstage sign-in for WeCom members who opened the app's
 * homepage in the WeCom workspace: the `wecom` auth provider.
 *
 * @packageDocumentation
 */
export { authModuleWeComProvider as default } from './module';
export { createWeComWorkspaceAuthenticator } from './authenticator';
export type { WeComWorkspaceSignInResult } from './authenticator';
