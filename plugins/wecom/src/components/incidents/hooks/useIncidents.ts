import { useApi } from '@backstage/core-plugin-api';
import type {
  WeComIncidentPage,
  WeComIncidentSeverity,
  WeComIncidentStatus,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useSearchablePages } from '../../shared/hooks/useSearchablePages';

/** Rows per page of the incident list. */
export const INCIDENTS_PAGE_SIZE = 25;

/** The list's filters; an empty list means "any". */
export interface IncidentFilters {
  status: WeComIncidentStatus[];
  severity: WeComIncidentSeverity[];
}

/**
 * The incident list's query (status and severity filters, title search,
 * page) and the page the backend answers. A new filter or search starts
 * again at page 1; `refresh` reloads the current page.
 */
export function useIncidents() {
  const api = useApi(wecomApiRef);
  const list = useSearchablePages<IncidentFilters, WeComIncidentPage>({
    initialFilters: { status: [], severity: [] },
    pageSize: INCIDENTS_PAGE_SIZE,
    fetchPage: ({ status, severity, ...rest }) =>
      api.listIncidents({
        status: status.length ? status : undefined,
        severity: severity.length ? severity : undefined,
        ...rest,
      }),
    deps: [api],
  });
  const { query, ...rest } = list;
  return {
    ...rest,
    filters: { status: query.status, severity: query.severity },
  };
}
