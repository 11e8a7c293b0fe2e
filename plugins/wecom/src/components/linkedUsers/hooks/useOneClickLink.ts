import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComLinkRun } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { errorStatus } from '../../shared/errorMessage';

/** How often a running One-Click Link run is asked for its progress. */
export const ONE_CLICK_LINK_POLL_MS = 1000;

/**
 * Starts One-Click Link for one integration and follows the run until it
 * ends. A run that is already going, whether started from this page before a
 * reload, from another tab or by another admin, is followed as well: on load,
 * and when starting answers 409. `onFinished` runs once per run that ends
 * while followed, so the table can show the new links.
 */
export function useOneClickLink(integrationId: string, onFinished: () => void) {
  const api = useApi(wecomApiRef);
  const [run, setRun] = useState<WeComLinkRun>();
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<Error>();
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;

  const follow = useCallback((next: WeComLinkRun) => {
    setRun(next);
    if (next.status !== 'running') onFinishedRef.current();
  }, []);

  useEffect(() => {
    let cancelled = false;
    api.getLatestOneClickLink(integrationId).then(
      latest => {
        if (cancelled || latest?.status !== 'running') return;
        // A run started meanwhile from this page wins over the older answer.
        setRun(current => current ?? latest);
      },
      // Resuming is a convenience: the start button still works, and a
      // start while a run is going answers 409 and resumes it then.
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, [api, integrationId]);

  useEffect(() => {
    if (run?.status !== 'running') return undefined;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const next = await api.getOneClickLinkRun(run.id);
        if (!cancelled) follow(next);
      } catch (e) {
        if (cancelled) return;
        // Stop following; starting again answers 409 and picks it up.
        setRun(undefined);
        setError(e as Error);
      }
    }, ONE_CLICK_LINK_POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, run, follow]);

  const start = useCallback(async () => {
    setStarting(true);
    setError(undefined);
    try {
      follow(await api.startOneClickLink(integrationId));
    } catch (e) {
      if (errorStatus(e) !== 409) {
        setError(e as Error);
        return;
      }
      try {
        const latest = await api.getLatestOneClickLink(integrationId);
        if (latest) follow(latest);
        else setError(e as Error);
      } catch (latestError) {
        setError(latestError as Error);
      }
    } finally {
      setStarting(false);
    }
  }, [api, integrationId, follow]);

  return { run, starting, error, start };
}
