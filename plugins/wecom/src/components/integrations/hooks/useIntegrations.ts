import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComIntegrationView } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';

/** The integrations as the page holds them; shared by every tab. */
export interface IntegrationsState {
  /** True until the first answer; a reload keeps showing the last list. */
  loading: boolean;
  error?: Error;
  value?: WeComIntegrationView[];
  /** Loads the list again, e.g. after a save or delete. */
  reload: () => void;
}

/** Loads every integration once for the page, with a reload after changes. */
export function useIntegrations(): IntegrationsState {
  const api = useApi(wecomApiRef);
  const state = useAsyncRetry(() => api.listIntegrations(), [api]);
  return {
    loading: state.loading && !state.value,
    error: state.error,
    value: state.value,
    reload: state.retry,
  };
}
