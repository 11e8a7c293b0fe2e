/**
 * Scaffolder actions of the WeCom incident integration for Backstage.
 *
 * @packageDocumentation
 */
export { scaffolderModuleWeCom as default } from './module';
export { createWarRoomAction } from './actions/warRoom';
