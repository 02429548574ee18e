import { InputError } from '@backstage/errors';
import type {
  MetricsQuery,
  TimelineQuery,
} from '@backstage-canary/plugin-canary-common';
import type { Request } from 'express';
import { queryParameter } from '../lib/input/InputField';
import { readPageCursor, readPageLimit } from '../lib/input/pageQuery';
import { readRunId } from '../lib/input/runId';
import { readStepSeconds, readTimeRange } from '../lib/input/timeRange';
import { readTimelineKinds } from '../lib/input/timelineKinds';
import type { PageCursorList } from '../lib/store/pageCursor';

/** A query parameter's value as sent, given at most once. */
function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter ${name} must be given once`);
  }
  return value;
}

/**
 * Reads `limit` and `cursor` of a paginated list, with the parsers the registered actions use;
 * `list` names the plugin's own list the cursor must belong to (none for the catalog's inbox).
 */
export function readPageQuery(
  req: Request,
  list?: PageCursorList,
): { limit?: number; cursor?: string } {
  return {
    limit: readPageLimit(single(req, 'limit'), queryParameter('limit')),
    cursor: readPageCursor(
      single(req, 'cursor'),
      queryParameter('cursor'),
      list,
    ),
  };
}

/** Reads the timeline's filters: `run` (a run id) and `kind` (comma-separated entry kinds). */
export function readTimelineQuery(req: Request): TimelineQuery {
  return {
    ...readPageQuery(req, 'timeline'),
    runId: readRunId(single(req, 'run'), queryParameter('run')),
    kinds: readTimelineKinds(single(req, 'kind'), queryParameter('kind')),
  };
}

/**
 * Reads a metrics query: the time range `start`, `end` (unix seconds) and `step` (seconds), and
 * `run` (a run id).
 */
export function readMetricsQuery(req: Request): MetricsQuery {
  return {
    ...readTimeRange(
      { start: single(req, 'start'), end: single(req, 'end') },
      { start: queryParameter('start'), end: queryParameter('end') },
    ),
    stepSeconds: readStepSeconds(single(req, 'step'), queryParameter('step')),
    runId: readRunId(single(req, 'run'), queryParameter('run')),
  };
}
