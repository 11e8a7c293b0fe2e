import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  WeComCardDelivery,
  WeComIncident,
  WeComTimelineEntry,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';

/**
 * How often an open incident page asks again: cards change the incident
 * (and their own status) whenever someone clicks them in WeCom.
 */
export const INCIDENT_POLL_MS = 5000;

/** One part of the page: the latest answer, or why it failed. */
export interface Loaded<T> {
  value?: T;
  error?: Error;
}

export interface IncidentDetailState {
  /** True until the first answer for the incident itself. */
  loading: boolean;
  incident: Loaded<WeComIncident>;
  timeline: Loaded<WeComTimelineEntry[]>;
  deliveries: Loaded<WeComCardDelivery[]>;
  /** Shows an incident the backend just answered (after a transition). */
  setIncident: (incident: WeComIncident) => void;
  /** Loads everything again now, e.g. after a transition. */
  reload: () => void;
}

function settle<T>(result: PromiseSettledResult<T>, last: Loaded<T>) {
  // A failed poll keeps what was shown and says why beside it.
  return result.status === 'fulfilled'
    ? { value: result.value }
    : { value: last.value, error: result.reason as Error };
}

/**
 * The incident, its timeline and its card deliveries, loaded together and
 * again every {@link INCIDENT_POLL_MS} while the page is open and visible.
 * Each part fails on its own, so a missing deliveries route does not hide
 * the incident.
 */
export function useIncidentDetail(incidentId: string): IncidentDetailState {
  const api = useApi(wecomApiRef);
  const [incident, setIncidentState] = useState<Loaded<WeComIncident>>({});
  const [timeline, setTimeline] = useState<Loaded<WeComTimelineEntry[]>>({});
  const [deliveries, setDeliveries] = useState<Loaded<WeComCardDelivery[]>>({});
  const [loading, setLoading] = useState(true);
  const [reloads, setReloads] = useState(0);
  const latest = useRef({ incident, timeline, deliveries });
  latest.current = { incident, timeline, deliveries };

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;

    // The next poll waits for this one, so a slow backend is never asked
    // twice at once; a hidden tab skips its turn.
    function schedule() {
      timer = setTimeout(() => {
        if (typeof document !== 'undefined' && document.hidden) schedule();
        else load();
      }, INCIDENT_POLL_MS);
    }

    async function load() {
      const [a, b, c] = await Promise.allSettled([
        api.getIncident(incidentId),
        api.getIncidentTimeline(incidentId),
        api.listIncidentDeliveries(incidentId),
      ]);
      if (cancelled) return;
      setIncidentState(settle(a, latest.current.incident));
      setTimeline(settle(b, latest.current.timeline));
      setDeliveries(settle(c, latest.current.deliveries));
      setLoading(false);
      schedule();
    }

    load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [api, incidentId, reloads]);

  const setIncident = useCallback(
    (value: WeComIncident) => setIncidentState({ value }),
    [],
  );
  const reload = useCallback(() => setReloads(count => count + 1), []);

  return { loading, incident, timeline, deliveries, setIncident, reload };
}
