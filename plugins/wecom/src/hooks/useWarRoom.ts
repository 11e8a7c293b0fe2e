import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../api';

export interface WarRoomState {
  /** True until the first answer. */
  loading: boolean;
  /** The incident's War Room; undefined when it has none (or not loaded). */
  warRoom?: WeComWarRoom;
  /** Why the last load failed; the last War Room shown stays. */
  error?: Error;
  /** Shows a War Room the backend just answered (after an action). */
  set: (warRoom: WeComWarRoom) => void;
  /** Loads the War Room again now. */
  reload: () => void;
}

/**
 * The War Room of an incident. It loads again whenever `refreshKey` changes:
 * the incident page passes the timeline's length, as every War Room change
 * (creation, invitations from a responder change, dismissal) adds an entry.
 */
export function useWarRoom(
  incidentId: string,
  refreshKey?: unknown,
): WarRoomState {
  const api = useApi(wecomApiRef);
  const [loading, setLoading] = useState(true);
  const [warRoom, setWarRoom] = useState<WeComWarRoom>();
  const [error, setError] = useState<Error>();
  const [reloads, setReloads] = useState(0);
  // Each load and each `set` takes a number; an answer that is not the
  // latest is dropped, so a slow load never hides a War Room just created.
  const latest = useRef(0);

  useEffect(() => {
    let cancelled = false;
    const request = ++latest.current;
    const wanted = () => !cancelled && request === latest.current;
    api.getWarRoom(incidentId).then(
      value => {
        if (!wanted()) return;
        setWarRoom(value);
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

  const set = useCallback((value: WeComWarRoom) => {
    latest.current++;
    setWarRoom(value);
    setError(undefined);
    setLoading(false);
  }, []);
  const reload = useCallback(() => setReloads(count => count + 1), []);

  return { loading, warRoom, error, set, reload };
}
