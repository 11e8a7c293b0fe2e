import {
  createApiFactory,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { wecomApiRef } from './WeComApi';
import { WeComClient } from './WeComClient';

/**
 * The one factory of the {@link WeComApi}, registered by the legacy plugin
 * (`createPlugin({ apis })`) and by the new one (`ApiBlueprint`).
 *
 * @public
 */
export const wecomApiFactory = createApiFactory({
  api: wecomApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new WeComClient({ discoveryApi, fetchApi }),
});
