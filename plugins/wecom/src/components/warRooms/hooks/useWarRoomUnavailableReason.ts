import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import { wecomApiRef } from '../../../api';

/**
 * Why no War Room can be made right now (no integration has War Rooms
 * enabled, or it is a third-party app), as the backend answers it for
 * anyone who may read incidents. Undefined while loading, when War Rooms
 * can be made, or when the answer cannot be read: then the page offers
 * Create as before and Create's own refusal says why.
 */
export function useWarRoomUnavailableReason(): string | undefined {
  const api = useApi(wecomApiRef);
  const answer = useAsync(async () => {
    try {
      const availability = await api.getWarRoomAvailability();
      return availability.available ? undefined : availability.reason;
    } catch {
      return undefined;
    }
  }, [api]);
  return answer.value;
}
