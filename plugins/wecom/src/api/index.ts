// The interface and its one implementation live in the common package, as
// `CatalogApi` and `CatalogClient` live in `@backstage/catalog-client`; this
// package re-exports them under the names it always exported.
export type { WeComApi } from 'backstage-plugin-wecom-common';
export { WeComApiClient as WeComClient } from 'backstage-plugin-wecom-common';
export { wecomApiRef } from './wecomApiRef';
export { wecomApiFactory } from './wecomApiFactory';
export type { WeComOnCallApi } from 'backstage-plugin-wecom-common';
export { wecomOnCallApiRef, wecomOnCallApiFactory } from './wecomOnCallApi';
