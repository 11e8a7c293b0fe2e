export type { WeComApi } from './WeComApi';
export { WeComApiClient } from './WeComApiClient';
export type { WeComClientOptions, WeComRequestOptions } from './options';
export type { WeComOnCallApi } from './WeComOnCallApi';
export { WeComOnCallApiClient } from './WeComOnCallApiClient';
