import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { BasicPermission } from '@backstage/plugin-permission-common';

/**
 * Whether the signed-in user holds `permission`; false while asking and
 * when the answer fails (a hidden button, never a wrong one). Asks the
 * permission API once per mount rather than through usePermission's
 * app-wide cache, so a permission granted or revoked shows on the next
 * visit of the page.
 */
export function useAllowed(permission: BasicPermission): boolean {
  const permissionApi = useApi(permissionApiRef);
  const answer = useAsync(
    () => permissionApi.authorize({ permission }),
    [permissionApi, permission],
  );
  return answer.value?.result === AuthorizeResult.ALLOW;
}
