import { InputError } from '@backstage/errors';
import type { MetricsQuery } from '@backstage-canary/plugin-canary-common';
import type { Request } from 'express';

/** Timeline kinds a client may filter on: transitions, actions and every parsed event kind. */
export const TIMELINE_KINDS = [
  'transition',
  'action',
  'suspended',
  'metric-providers',
  'initialized',
  'new-revision',
  'waiting-for-approval',
  'gate-passed',
  'analysis-started',
  'halted',
  'weight-advanced',
  'iteration-advanced',
  'primary-weight-advanced',
  'traffic-routed',
  'promotion-started',
  'promotion-completed',
  'promotion-failed',
  'rollback',
  'rollback-hook-idle',
  'failed',
  'webhook-failed',
  'metric-error',
  'readiness-warning',
  'provider-warning',
  'terminating',
  'terminated',
  'error',
  'unknown',
];

function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter ${name} must be given once`);
  }
  return value;
}

function integer(
  req: Request,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = single(req, name);
  if (value === undefined) return undefined;
  // Digits only: Number() would also take "0x10", "1e3", " 5" and "".
  const parsed = /^\d{1,16}$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new InputError(
      `Query parameter ${name} must be a whole number from ${min} to ${max}, got "${value}"`,
    );
  }
  return parsed;
}

/** Reads `limit` and `cursor` of a paginated list. */
export function readPageQuery(req: Request): {
  limit?: number;
  cursor?: string;
} {
  return {
    limit: integer(req, 'limit', 1, 500),
    cursor: single(req, 'cursor'),
  };
}

/** Reads the timeline's filters: `run` (a run id) and `kind` (comma-separated entry kinds). */
export function readTimelineQuery(req: Request): {
  runId?: number;
  kinds?: string[];
  limit?: number;
  cursor?: string;
} {
  const kinds = single(req, 'kind')
    ?.split(',')
    .map(k => k.trim())
    .filter(Boolean);
  const unknown = kinds?.filter(k => !TIMELINE_KINDS.includes(k)) ?? [];
  if (unknown.length) {
    throw new InputError(
      `Query parameter kind has unknown values ${unknown.join(
        ', ',
      )}; allowed: ${TIMELINE_KINDS.join(', ')}`,
    );
  }
  return {
    ...readPageQuery(req),
    runId: readRunId(req),
    kinds,
  };
}

/**
 * Reads a metrics query: the time range `start`, `end` (unix seconds) and `step` (seconds), and
 * `run` (a run id).
 */
export function readMetricsQuery(req: Request): MetricsQuery {
  return {
    start: integer(req, 'start', 0, 4102444800),
    end: integer(req, 'end', 0, 4102444800),
    stepSeconds: integer(req, 'step', 1, 86400),
    runId: readRunId(req),
  };
}

/** Reads `run`, a run's id (not its number), as the timeline and the metrics take it. */
function readRunId(req: Request): number | undefined {
  return integer(req, 'run', 1, Number.MAX_SAFE_INTEGER);
}
