import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { WeComApiClient } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from './wecomApiRef';

/**
 * The one factory of the {@link backstage-plugin-wecom-common#WeComApi},
 * registered by the legacy plugin (`createPlugin({ apis })`) and by the new
 * one (`ApiBlueprint`). The `fetchApi` adds the signed-in user's token.
 *
 * @public
 */
export const wecomApiFactory = createApiFactory({
  api: wecomApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new WeComApiClient({ discoveryApi, fetchApi }),
});
