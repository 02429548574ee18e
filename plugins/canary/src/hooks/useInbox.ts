import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { InboxResponse } from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../api';

/**
 * The rollouts waiting for approval or failed, page by page. A reload starts from the first page.
 */
export function useInbox(pageSize: number) {
  const canaryApi = useCanaryApi();
  const [more, setMore] = useState<InboxResponse[]>([]);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error>();

  const first = useAsyncRetry(async () => {
    const page = await canaryApi.getInbox({ limit: pageSize });
    setMore([]);
    setMoreError(undefined);
    return page;
  }, [canaryApi, pageSize]);

  const pages = useMemo(
    () => (first.value ? [first.value, ...more] : []),
    [first.value, more],
  );
  const items = useMemo(
    () => (first.value ? pages.flatMap(p => p.items) : undefined),
    [first.value, pages],
  );
  const errors = useMemo(() => pages.flatMap(p => p.errors), [pages]);
  const nextCursor = pages.length
    ? pages[pages.length - 1].nextCursor
    : undefined;

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await canaryApi.getInbox({
        limit: pageSize,
        cursor: nextCursor,
      });
      setMore(previous => [...previous, page]);
    } catch (e) {
      setMoreError(e as Error);
    } finally {
      setLoadingMore(false);
    }
  }, [canaryApi, pageSize, nextCursor]);

  return {
    items,
    errors,
    loading: first.loading && !first.value,
    error: first.error,
    moreError,
    hasMore: Boolean(nextCursor),
    loadingMore,
    loadMore,
    reload: first.retry,
  };
}
