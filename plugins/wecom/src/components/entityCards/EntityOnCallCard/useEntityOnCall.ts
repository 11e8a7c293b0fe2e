import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { wecomApiRef, wecomOnCallApiRef } from '../../../api';

/** How many open incidents the card lists; the rest are counted. */
export const ENTITY_OPEN_INCIDENTS_LIMIT = 5;

/** Who is on call for the entity now and next. */
export function useOnCall(entityRef: string) {
  const api = useApi(wecomOnCallApiRef);
  return useAsyncRetry(() => api.getOnCall(entityRef), [api, entityRef]);
}

/** The entity's open incidents and the War Rooms open for them. */
export function useOpenIncidents(entityRef: string) {
  const api = useApi(wecomApiRef);
  return useAsyncRetry(async () => {
    const [page, warRooms] = await Promise.all([
      api.listIncidents({
        entityRef,
        status: ['triggered', 'processing'],
        limit: ENTITY_OPEN_INCIDENTS_LIMIT,
      }),
      api.listWarRooms({ entityRef, status: ['active'] }),
    ]);
    return { page, warRooms };
  }, [api, entityRef]);
}
