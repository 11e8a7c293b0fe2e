import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { useApi } from '@backstage/core-plugin-api';
import type {
  WeComIncidentPage,
  WeComIncidentSeverity,
  WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../api';

/** Rows per page of the incident list. */
export const INCIDENTS_PAGE_SIZE = 25;

/** How long typing must pause before the search reaches the backend. */
export const INCIDENTS_SEARCH_DEBOUNCE_MS = 300;

/** The list's filters; an empty list means "any". */
export interface IncidentFilters {
  status: WeComIncidentStatus[];
  severity: WeComIncidentSeverity[];
}

interface IncidentsQuery extends IncidentFilters {
  /** The search as sent: trimmed, after the debounce. */
  q: string;
  offset: number;
}

/**
 * The incident list's query (status and severity filters, title search,
 * page) and the page the backend answers. A new filter or search starts
 * again at page 1; `refresh` reloads the current page.
 */
export function useIncidents() {
  const api = useApi(wecomApiRef);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<IncidentsQuery>({
    status: [],
    severity: [],
    q: '',
    offset: 0,
  });

  useDebounce(
    () => {
      const q = search.trim();
      setQuery(current =>
        current.q === q ? current : { ...current, q, offset: 0 },
      );
    },
    INCIDENTS_SEARCH_DEBOUNCE_MS,
    [search],
  );

  const page = useAsyncRetry(
    (): Promise<WeComIncidentPage> =>
      api.listIncidents({
        status: query.status.length ? query.status : undefined,
        severity: query.severity.length ? query.severity : undefined,
        q: query.q || undefined,
        offset: query.offset,
        limit: INCIDENTS_PAGE_SIZE,
      }),
    [api, query],
  );

  const setFilters = useCallback((filters: Partial<IncidentFilters>) => {
    setQuery(current => ({ ...current, ...filters, offset: 0 }));
  }, []);

  const setOffset = useCallback((offset: number) => {
    setQuery(current => ({ ...current, offset: Math.max(0, offset) }));
  }, []);

  return {
    search,
    setSearch,
    filters: { status: query.status, severity: query.severity },
    setFilters,
    offset: query.offset,
    setOffset,
    page: page.value,
    loading: page.loading,
    error: page.error,
    refresh: page.retry,
  };
}
