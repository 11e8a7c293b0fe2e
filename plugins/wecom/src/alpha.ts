/**
 * The WeCom plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { wecomFrontendPlugin as default } from './frontendPlugin';
export { wecomSignInModule } from './signInModule';
