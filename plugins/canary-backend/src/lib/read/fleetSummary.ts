import {
  CANARY_PHASE,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';

type Bucket =
  | 'promoted'
  | 'progressing'
  | 'waiting for approval'
  | 'paused'
  | 'failed'
  | 'initializing'
  | 'not deployed'
  | 'unreachable';

const ORDER: Bucket[] = [
  'progressing',
  'waiting for approval',
  'paused',
  'failed',
  'initializing',
  'not deployed',
  'unreachable',
];

function bucketOf(rollout: RolloutSummary): Bucket {
  if (rollout.error) return 'unreachable';
  if (!rollout.found || !rollout.state) return 'not deployed';
  const { phase, suspended } = rollout.state;
  if (suspended) return 'paused';
  switch (phase) {
    case CANARY_PHASE.Succeeded:
    case CANARY_PHASE.Initialized:
      return 'promoted';
    case CANARY_PHASE.Failed:
      return 'failed';
    case CANARY_PHASE.Waiting:
    case CANARY_PHASE.WaitingPromotion:
      return 'waiting for approval';
    case CANARY_PHASE.Progressing:
    case CANARY_PHASE.Promoting:
    case CANARY_PHASE.Finalising:
      return 'progressing';
    default:
      return 'initializing';
  }
}

/**
 * One line that tells a service owner where the fleet stands, e.g.
 * "2 of 3 clusters promoted, 1 waiting for approval".
 */
export function summarizeFleet(
  rollouts: RolloutSummary[],
  failedClusters: string[] = [],
): string {
  if (rollouts.length === 0) {
    // Nothing found is not the same as nothing readable: say which clusters could not be read.
    return failedClusters.length
      ? `No rollouts could be read from ${[...new Set(failedClusters)].join(
          ', ',
        )}`
      : 'No rollouts found';
  }
  const clusters = new Set(rollouts.map(r => r.cluster)).size;
  const counts = new Map<Bucket, number>();
  for (const rollout of rollouts) {
    const bucket = bucketOf(rollout);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  let unit = 'rollouts';
  if (clusters === rollouts.length)
    unit = clusters === 1 ? 'cluster' : 'clusters';
  const parts = [
    `${counts.get('promoted') ?? 0} of ${rollouts.length} ${unit} promoted`,
  ];
  for (const bucket of ORDER) {
    const count = counts.get(bucket);
    if (count) parts.push(`${count} ${bucket}`);
  }
  return parts.join(', ');
}
