import { DependencyList, useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';

/** How long typing must pause before a search reaches the backend. */
export const SEARCH_DEBOUNCE_MS = 300;

/** What a page of any list answer carries. */
interface CountedPage {
  totalCount: number;
}

/**
 * A paged list with filters and a debounced search, as the incident list and
 * the Linked Users table use it. A new filter or search starts again at page
 * 1; `refresh` reloads the current page. When the current page ends up past
 * the last one (its last rows were removed), it steps back to the last page.
 */
export function useSearchablePages<
  Filters extends object,
  Page extends CountedPage,
>(options: {
  initialFilters: Filters;
  pageSize: number;
  fetchPage: (
    query: Filters & { q?: string; offset: number; limit: number },
  ) => Promise<Page>;
  /** Further values that reload the list when they change. */
  deps?: DependencyList;
}) {
  const { pageSize, fetchPage } = options;
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState({
    ...options.initialFilters,
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
    SEARCH_DEBOUNCE_MS,
    [search],
  );

  const page = useAsyncRetry(
    () => fetchPage({ ...query, q: query.q || undefined, limit: pageSize }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [query, pageSize, ...(options.deps ?? [])],
  );

  const totalCount = page.value?.totalCount;
  useEffect(() => {
    if (totalCount === undefined || query.offset < totalCount) return;
    if (query.offset === 0) return;
    const lastPage = Math.max(0, Math.ceil(totalCount / pageSize) - 1);
    setQuery(current => ({ ...current, offset: lastPage * pageSize }));
  }, [totalCount, query.offset, pageSize]);

  const setFilters = useCallback((filters: Partial<Filters>) => {
    setQuery(current => ({ ...current, ...filters, offset: 0 }));
  }, []);

  const setOffset = useCallback((offset: number) => {
    setQuery(current => ({ ...current, offset: Math.max(0, offset) }));
  }, []);

  return {
    search,
    setSearch,
    query,
    setFilters,
    offset: query.offset,
    setOffset,
    page: page.value,
    loading: page.loading,
    error: page.error,
    refresh: page.retry,
  };
}
