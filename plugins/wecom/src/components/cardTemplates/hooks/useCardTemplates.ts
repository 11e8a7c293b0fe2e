import { useCallback, useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComCardTemplate } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';

/**
 * The stored card templates of one integration. `reload` resolves once the
 * new list is shown, so the editor can switch to a template just saved (or
 * away from one just deleted) without showing the old list in between.
 */
export function useCardTemplates(integrationId: string) {
  const api = useApi(wecomApiRef);
  const [templates, setTemplates] = useState<WeComCardTemplate[]>();
  const [error, setError] = useState<Error>();

  const reload = useCallback(async () => {
    try {
      setTemplates(await api.listCardTemplates(integrationId));
      setError(undefined);
    } catch (e) {
      setError(e as Error);
    }
  }, [api, integrationId]);

  useEffect(() => {
    reload();
  }, [reload]);

  return {
    templates,
    loading: templates === undefined && error === undefined,
    error,
    reload,
  };
}
