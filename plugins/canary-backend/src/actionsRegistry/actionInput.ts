import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CanaryRef,
  MetricsQuery,
  TimelineQuery,
} from '@backstage-canary/plugin-canary-common';
import { readCanaryRef } from '../lib/input/canaryRef';
import { readEntityRef } from '../lib/input/entityName';
import { inputField } from '../lib/input/InputField';
import { readPageCursor, readPageLimit } from '../lib/input/pageQuery';
import { readRunId } from '../lib/input/runId';
import { readStepSeconds, readTimeRange } from '../lib/input/timeRange';
import { readTimelineKinds } from '../lib/input/timelineKinds';
import type { PageCursorList } from '../lib/store/pageCursor';

// The input of the registered actions, read with the parsers the HTTP routes use (lib/input), so
// a bad value gets the same words, naming the action's field.

type Input = Record<string, unknown>;

/** The entity an action is about, from its `entityRef`. */
export function readEntityInput(input: Input): CompoundEntityRef {
  return readEntityRef(input.entityRef, inputField('entityRef'));
}

/** The entity and the canary an action is about. */
export function readCanaryInput(input: Input): {
  entity: CompoundEntityRef;
  canary: CanaryRef;
} {
  return {
    entity: readEntityInput(input),
    canary: readCanaryRef(
      { cluster: input.cluster, namespace: input.namespace, name: input.name },
      {
        cluster: inputField('cluster'),
        namespace: inputField('namespace'),
        name: inputField('name'),
      },
    ),
  };
}

/** A page of a list: `limit` and `cursor` (of the plugin's `list`, or the catalog's). */
export function readPageInput(
  input: Input,
  list?: PageCursorList,
): { limit?: number; cursor?: string } {
  return {
    limit: readPageLimit(input.limit, inputField('limit')),
    cursor: readPageCursor(input.cursor, inputField('cursor'), list),
  };
}

/** The timeline's filters and page. */
export function readTimelineInput(input: Input): TimelineQuery {
  return {
    ...readPageInput(input, 'timeline'),
    runId: readRunId(input.runId, inputField('runId')),
    kinds: readTimelineKinds(input.kinds, inputField('kinds')),
  };
}

/** The metrics query: time range, step and run. */
export function readMetricsInput(input: Input): MetricsQuery {
  return {
    ...readTimeRange(
      { start: input.start, end: input.end },
      {
        start: inputField('start'),
        end: inputField('end'),
      },
    ),
    stepSeconds: readStepSeconds(input.stepSeconds, inputField('stepSeconds')),
    runId: readRunId(input.runId, inputField('runId')),
  };
}
