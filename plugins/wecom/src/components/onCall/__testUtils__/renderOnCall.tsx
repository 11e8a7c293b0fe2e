import { renderInTestApp, mockApis } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { wecomOnCallApiRef } from '../../../api';
import {
  createMockOnCallApi,
  onCallCatalog,
} from '../../../testing/onCallFixtures';

/** Which on-call permissions the signed-in user holds, by name. */
export type OnCallGrants = Array<
  | 'wecom.oncall.read'
  | 'wecom.schedule.manage'
  | 'wecom.escalationPolicy.manage'
>;

export const ALL_ON_CALL_GRANTS: OnCallGrants = [
  'wecom.oncall.read',
  'wecom.schedule.manage',
  'wecom.escalationPolicy.manage',
];

/**
 * Renders an on-call view with a mocked API, the fixture catalog, the given
 * permissions and Zhang San signed in.
 */
export function renderOnCall(
  element: JSX.Element,
  options: {
    api?: ReturnType<typeof createMockOnCallApi>;
    grants?: OnCallGrants;
    me?: string;
  } = {},
) {
  const api = options.api ?? createMockOnCallApi();
  const grants: string[] = options.grants ?? ALL_ON_CALL_GRANTS;
  renderInTestApp(element, {
    apis: [
      [wecomOnCallApiRef, api],
      catalogApiMock({ entities: onCallCatalog }),
      mockApis.permission({
        authorize: request =>
          grants.includes(request.permission.name)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }),
      mockApis.identity({
        userEntityRef: options.me ?? 'user:default/zhangsan',
      }),
    ],
  });
  return api;
}
