import type { TimelineEntry } from '@backstage-canary/plugin-canary-common';

/** A canary on a cluster. */
export type CanaryKey = { cluster: string; namespace: string; name: string };

/** One revision's journey through the analysis. */
export type RolloutRun = {
  id: number;
  revision: string;
  images: string[];
  startedAt: string;
  endedAt?: string;
  outcome?: 'Succeeded' | 'Failed';
};

/** A phase or weight change of a canary. */
export type TransitionRecord = {
  type: 'transition';
  id: number;
  runId?: number;
  at: string;
  phase: string;
  canaryWeight: number;
  failedChecks: number;
  iterations?: number;
};

/** A Kubernetes Event of a canary, parsed. */
export type EventRecord = {
  type: 'event';
  id: number;
  runId?: number;
  at: string;
  eventType: string;
  reason: string;
  message: string;
  entry: TimelineEntry;
};

/** An item of a canary's timeline. */
export type TimelineItem = TransitionRecord | EventRecord;

/** A page of a list, newest first, with the cursor of the next page. */
export type Page<T> = { items: T[]; nextCursor?: string };
