export { wecomApiRef } from './WeComApi';
export type { WeComApi } from './WeComApi';
export { WeComClient } from './WeComClient';
export { wecomApiFactory } from './wecomApiFactory';
