import { useCallback, useEffect, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type {
  CanaryRef,
  RolloutRun,
  TimelineItem,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../api';

const PAGE_SIZE = 50;

/**
 * The runs of one canary, newest first. A new `refreshKey` reads them again (a read still in
 * flight is superseded, never left to swallow the refresh).
 */
export function useRuns(
  entityRef: string,
  canary: CanaryRef,
  refreshKey: number = 0,
) {
  const canaryApi = useCanaryApi();
  const { cluster, namespace, name } = canary;
  const state = useAsyncRetry(
    () =>
      canaryApi
        .listRuns(entityRef, { cluster, namespace, name }, { limit: 50 })
        .then(page => page.items),
    [canaryApi, entityRef, cluster, namespace, name, refreshKey],
  );
  return {
    runs: state.value as RolloutRun[] | undefined,
    loading: state.loading && !state.value,
    error: state.error,
    retry: state.retry,
  };
}

/**
 * The recorded timeline of one run of a canary, newest first, page by page. A new `refreshKey`
 * reads the first page again.
 */
export function useTimeline(
  entityRef: string,
  canary: CanaryRef,
  runId: number | undefined,
  refreshKey: number = 0,
) {
  const canaryApi = useCanaryApi();
  const { cluster, namespace, name } = canary;
  const [more, setMore] = useState<{
    items: TimelineItem[];
    nextCursor?: string;
  }>();
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<Error>();

  const first = useAsyncRetry(
    async () =>
      runId === undefined
        ? undefined
        : canaryApi.getTimeline(
            entityRef,
            { cluster, namespace, name },
            { runId, limit: PAGE_SIZE },
          ),
    [canaryApi, entityRef, cluster, namespace, name, runId, refreshKey],
  );

  // Another canary or run starts from its first page again.
  useEffect(() => {
    setMore(undefined);
    setMoreError(undefined);
  }, [entityRef, cluster, namespace, name, runId]);

  const nextCursor = more ? more.nextCursor : first.value?.nextCursor;

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(undefined);
    try {
      const page = await canaryApi.getTimeline(
        entityRef,
        { cluster, namespace, name },
        { runId, limit: PAGE_SIZE, cursor: nextCursor },
      );
      setMore(previous => ({
        items: [...(previous?.items ?? []), ...page.items],
        nextCursor: page.nextCursor,
      }));
    } catch (e) {
      setMoreError(e as Error);
    } finally {
      setLoadingMore(false);
    }
  }, [canaryApi, entityRef, cluster, namespace, name, runId, nextCursor]);

  // The same array until a page arrives: the list and the chart are not drawn again meanwhile.
  const items = useMemo(
    () =>
      first.value
        ? dedupe([...first.value.items, ...(more?.items ?? [])])
        : undefined,
    [first.value, more],
  );

  return {
    items,
    loading: first.loading && !first.value,
    error: first.error ?? moreError,
    hasMore: Boolean(nextCursor),
    loadingMore,
    loadMore,
    retry: first.retry,
  };
}

function dedupe(items: TimelineItem[]): TimelineItem[] {
  const seen = new Set<string>();
  return items.filter(item => {
    const key = `${item.type}:${item.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
