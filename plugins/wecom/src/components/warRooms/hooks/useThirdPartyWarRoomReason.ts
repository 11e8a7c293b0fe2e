import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComCardDelivery } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { thirdPartyWarRoomReason } from '../warRoomAvailability';

/**
 * Why no War Room can be made for an incident whose cards went through
 * third-party apps (see {@link thirdPartyWarRoomReason}). It reads the
 * integrations the cards went through, once per set of them; a user who
 * may not read integrations (403), or any failure, gets undefined and the
 * page as before.
 */
export function useThirdPartyWarRoomReason(
  deliveries: WeComCardDelivery[] | undefined,
): string | undefined {
  const api = useApi(wecomApiRef);
  // A stable key: the incident page reloads its deliveries while open.
  const ids = [...new Set((deliveries ?? []).map(d => d.integrationId))]
    .sort()
    .join(',');
  const answer = useAsync(async () => {
    if (!ids) return undefined;
    try {
      const integrations = await Promise.all(
        ids.split(',').map(id => api.getIntegration(id)),
      );
      return thirdPartyWarRoomReason(
        ids.split(',').map(integrationId => ({ integrationId })),
        integrations,
      );
    } catch {
      return undefined;
    }
  }, [api, ids]);
  return answer.value;
}
