import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { wecomApiRef } from '../../../api';
import type { WeComApi } from '../../../api';

export interface IncidentResourceState<T> {
  /** True until the first answer. */
  loading: boolean;
  /** The resource; undefined when the incident has none (or not loaded). */
  value?: T;
  /** Why the last load failed; the last value shown stays. */
  error?: Error;
  /** Shows a value the backend just answered (after an action). */
  set: (value: T) => void;
  /** Loads the resource again now. */
  reload: () => void;
}

/**
 * Something an incident may have (its War Room, its post-mortem), loaded
 * with `load` and again whenever `refreshKey` changes: the incident page
 * passes the timeline's length, as every change of these adds an entry.
 * `load` should be a stable function (e.g. declared outside the component).
 */
export function useIncidentResource<T>(
  load: (api: WeComApi, incidentId: string) => Promise<T | undefined>,
  incidentId: string,
  refreshKey?: unknown,
): IncidentResourceState<T> {
  const api = useApi(wecomApiRef);
  const [loading, setLoading] = useState(true);
  const [value, setValue] = useState<T>();
  const [error, setError] = useState<Error>();
  const [reloads, setReloads] = useState(0);
  // Each load and each `set` takes a number; an answer that is not the
  // latest is dropped, so a slow load never hides a value just created or
  // saved.
  const latest = useRef(0);

  useEffect(() => {
    let cancelled = false;
    const request = ++latest.current;
    const wanted = () => !cancelled && request === latest.current;
    load(api, incidentId).then(
      answer => {
        if (!wanted()) return;
        setValue(answer);
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
  }, [api, load, incidentId, refreshKey, reloads]);

  const set = useCallback((answer: T) => {
    latest.current++;
    setValue(answer);
    setError(undefined);
    setLoading(false);
  }, []);
  const reload = useCallback(() => setReloads(count => count + 1), []);

  return { loading, value, error, set, reload };
}
