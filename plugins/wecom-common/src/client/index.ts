export type { WeComApi } from './WeComApi';
export { WeComApiClient } from './WeComApiClient';
export type { WeComClientOptions, WeComRequestOptions } from './options';
