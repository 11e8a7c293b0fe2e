import {
  createApiFactory,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  WeComOnCallApiClient,
  type WeComOnCallApi,
} from 'backstage-plugin-wecom-common';

/**
 * The reference to the {@link backstage-plugin-wecom-common#WeComOnCallApi}
 * (schedules, escalation policies, who is on call), shared by both frontend
 * systems.
 *
 * @public
 */
export const wecomOnCallApiRef = createApiRef<WeComOnCallApi>({
  id: 'plugin.wecom.oncall',
});

/**
 * The factory of {@link wecomOnCallApiRef}, registered by both plugins.
 *
 * @public
 */
export const wecomOnCallApiFactory = createApiFactory({
  api: wecomOnCallApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) =>
    new WeComOnCallApiClient({ discoveryApi, fetchApi }),
});
