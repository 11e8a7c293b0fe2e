import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComPostmortem } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../api';

/**
 * The post-mortem of an incident. It loads again whenever `refreshKey`
 * changes (the incident page passes the timeline's length: generating,
 * editing and posting each add an entry, from any browser).
 */
export function usePostmortem(incidentId: string, refreshKey?: unknown) {
  const api = useApi(wecomApiRef);
  const [loading, setLoading] = useState(true);
  const [postmortem, setPostmortem] = useState<WeComPostmortem>();
  const [error, setError] = useState<Error>();
  const [reloads, setReloads] = useState(0);
  // An answer that is not the latest is dropped, so a slow load never
  // hides a post-mortem just generated or saved.
  const latest = useRef(0);

  useEffect(() => {
    let cancelled = false;
    const request = ++latest.current;
    const wanted = () => !cancelled && request === latest.current;
    api.getPostmortem(incidentId).then(
      value => {
        if (!wanted()) return;
        setPostmortem(value);
        setError(undefined);
        setLoading(false);
      },
      e => {
        if (!wanted()) return;
        setError(e as Error);
        setLoading(false);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, incidentId, refreshKey, reloads]);

  const set = useCallback((value: WeComPostmortem) => {
    latest.current++;
    setPostmortem(value);
    setError(undefined);
    setLoading(false);
  }, []);
  const reload = useCallback(() => setReloads(count => count + 1), []);

  return { loading, postmortem, error, set, reload };
}
