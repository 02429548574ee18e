/**
 * The kinds of a canary's timeline, in one place: the backend accepts its filter from this list,
 * the OpenAPI spec's enums are tested against it, and the types are derived from it, so a kind
 * cannot be added to one of them and forgotten in the others.
 */

/**
 * The kinds of a parsed Flagger event (`TimelineEntryDetails['kind']`), in the order the API
 * lists them.
 *
 * @public
 */
export const TIMELINE_ENTRY_KINDS = [
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
] as const;

/**
 * The kind of a parsed Flagger event.
 *
 * @public
 */
export type TimelineEntryKind = (typeof TIMELINE_ENTRY_KINDS)[number];

/**
 * The kinds a canary's timeline can be filtered on: recorded phase transitions, the plugin's own
 * actions, and every kind of parsed Flagger event.
 *
 * @public
 */
export const TIMELINE_KINDS = [
  'transition',
  'action',
  ...TIMELINE_ENTRY_KINDS,
] as const;

/**
 * A kind a canary's timeline can be filtered on.
 *
 * @public
 */
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * Whether a value is a kind the timeline can be filtered on: a type guard, for readers of untrusted
 * input.
 *
 * @public
 */
export function isTimelineKind(value: unknown): value is TimelineKind {
  return (
    typeof value === 'string' &&
    (TIMELINE_KINDS as readonly string[]).includes(value)
  );
}
