import { useCallback } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  WeComLinkedUsersFilter,
  WeComLinkedUsersPage,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { useSearchablePages } from '../../shared/hooks/useSearchablePages';

/** Rows per page of the Linked Users table. */
export const LINKED_USERS_PAGE_SIZE = 50;

/**
 * The Linked Users table's query (filter, search, page) and the page the
 * backend answers for it. A new filter or search starts again at page 1;
 * `refresh` reloads the current page, e.g. after a link changed.
 */
export function useLinkedUsers(integrationId: string) {
  const api = useApi(wecomApiRef);
  const list = useSearchablePages<
    { filter: WeComLinkedUsersFilter },
    WeComLinkedUsersPage
  >({
    initialFilters: { filter: 'all' },
    pageSize: LINKED_USERS_PAGE_SIZE,
    fetchPage: query => api.listLinkedUsers({ integrationId, ...query }),
    deps: [api, integrationId],
  });
  const { query, setFilters, ...rest } = list;
  const setFilter = useCallback(
    (filter: WeComLinkedUsersFilter) => setFilters({ filter }),
    [setFilters],
  );
  return { ...rest, filter: query.filter, setFilter };
}
