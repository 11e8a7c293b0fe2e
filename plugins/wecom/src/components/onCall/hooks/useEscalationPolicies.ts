import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { wecomOnCallApiRef } from '../../../api';

/** The escalation policies; `retry` reloads them. */
export function useEscalationPolicies() {
  const api = useApi(wecomOnCallApiRef);
  return useAsyncRetry(() => api.listEscalationPolicies(), [api]);
}
