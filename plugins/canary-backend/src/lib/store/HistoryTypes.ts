import type { CanaryRef } from '@backstage-canary/plugin-canary-common';

export type {
  ActionRecord,
  EventRecord,
  Page,
  RolloutRun,
  TimelineItem,
  TransitionRecord,
} from '@backstage-canary/plugin-canary-common';

/** A canary on a cluster. */
export type CanaryKey = CanaryRef;
