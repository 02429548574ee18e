import type {
  MetricsQuery,
  TimelineQuery,
} from '@backstage-canary/plugin-canary-common';
import { queryParameter } from '../lib/input/InputField';
import { readPageCursor, readPageLimit } from '../lib/input/pageQuery';
import { readRunId } from '../lib/input/runId';
import { readStepSeconds, readTimeRange } from '../lib/input/timeRange';
import { readTimelineKinds } from '../lib/input/timelineKinds';
import type { PageCursorList } from '../lib/store/pageCursor';

// The query as the API's router hands it over: checked against the spec and typed by it (`limit`
// a number, `kind` a list). The same parsers read the registered actions' input, so their rules
// (a cursor of the right list, a time range in order) hold for both.

/**
 * Reads `limit` and `cursor` of a paginated list; `list` names the plugin's own list the cursor
 * must belong to (none for the catalog's inbox).
 */
export function readPageQuery(
  query: { limit?: unknown; cursor?: unknown } | undefined,
  list?: PageCursorList,
): { limit?: number; cursor?: string } {
  return {
    limit: readPageLimit(query?.limit, queryParameter('limit')),
    cursor: readPageCursor(query?.cursor, queryParameter('cursor'), list),
  };
}

/** Reads the timeline's filters: `run` (a run id) and `kind` (entry kinds). */
export function readTimelineQuery(
  query:
    | { limit?: unknown; cursor?: unknown; run?: unknown; kind?: unknown }
    | undefined,
): TimelineQuery {
  return {
    ...readPageQuery(query, 'timeline'),
    runId: readRunId(query?.run, queryParameter('run')),
    kinds: readTimelineKinds(query?.kind, queryParameter('kind')),
  };
}

/**
 * Reads a metrics query: the time range `start`, `end` (unix seconds) and `step` (seconds), and
 * `run` (a run id).
 */
export function readMetricsQuery(
  query:
    | { start?: unknown; end?: unknown; step?: unknown; run?: unknown }
    | undefined,
): MetricsQuery {
  return {
    ...readTimeRange(
      { start: query?.start, end: query?.end },
      { start: queryParameter('start'), end: queryParameter('end') },
    ),
    stepSeconds: readStepSeconds(query?.step, queryParameter('step')),
    runId: readRunId(query?.run, queryParameter('run')),
  };
}
