import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { useApi } from '@backstage/core-plugin-api';
import type {
  WeComLinkedUsersFilter,
  WeComLinkedUsersPage,
} from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../api';

/** Rows per page of the Linked Users table. */
export const LINKED_USERS_PAGE_SIZE = 50;

/** How long typing must pause before the search reaches the backend. */
export const LINKED_USERS_SEARCH_DEBOUNCE_MS = 300;

interface LinkedUsersQuery {
  filter: WeComLinkedUsersFilter;
  /** The search as sent: trimmed, after the debounce. */
  q: string;
  offset: number;
}

/**
 * The Linked Users table's query (filter, search, page) and the page the
 * backend answers for it. A new filter or search starts again at page 1;
 * `refresh` reloads the current page, e.g. after a link changed.
 */
export function useLinkedUsers(integrationId: string) {
  const api = useApi(wecomApiRef);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState<LinkedUsersQuery>({
    filter: 'all',
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
    LINKED_USERS_SEARCH_DEBOUNCE_MS,
    [search],
  );

  const page = useAsyncRetry(
    (): Promise<WeComLinkedUsersPage> =>
      api.listLinkedUsers({
        integrationId,
        filter: query.filter,
        q: query.q || undefined,
        offset: query.offset,
        limit: LINKED_USERS_PAGE_SIZE,
      }),
    [api, integrationId, query],
  );

  // Unlinking the last row of the last page under "Linked" leaves an empty
  // page behind: step back to the page that now holds the last rows.
  const totalCount = page.value?.totalCount;
  useEffect(() => {
    if (totalCount === undefined || query.offset < totalCount) return;
    if (query.offset === 0) return;
    const lastPage = Math.max(
      0,
      Math.ceil(totalCount / LINKED_USERS_PAGE_SIZE) - 1,
    );
    setQuery(current => ({
      ...current,
      offset: lastPage * LINKED_USERS_PAGE_SIZE,
    }));
  }, [totalCount, query.offset]);

  const setFilter = useCallback((filter: WeComLinkedUsersFilter) => {
    setQuery(current => ({ ...current, filter, offset: 0 }));
  }, []);

  const setOffset = useCallback((offset: number) => {
    setQuery(current => ({ ...current, offset: Math.max(0, offset) }));
  }, []);

  return {
    search,
    setSearch,
    filter: query.filter,
    setFilter,
    offset: query.offset,
    setOffset,
    page: page.value,
    loading: page.loading,
    error: page.error,
    refresh: page.retry,
  };
}
