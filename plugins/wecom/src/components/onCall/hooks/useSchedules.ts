import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { wecomOnCallApiRef } from '../../../api';

/** The schedules, optionally of one owner group; `retry` reloads them. */
export function useSchedules(ownerRef?: string) {
  const api = useApi(wecomOnCallApiRef);
  return useAsyncRetry(
    () => api.listSchedules(ownerRef ? { ownerRef } : undefined),
    [api, ownerRef],
  );
}
