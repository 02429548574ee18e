import type {
  CanaryApi,
  RolloutActionAvailability,
  RolloutState,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';

const plan: RolloutState['plan'] = {
  strategy: 'canary',
  steps: [
    { kind: 'weight', weight: 10 },
    { kind: 'weight', weight: 20 },
    { kind: 'weight', weight: 30 },
    { kind: 'weight', weight: 40 },
    { kind: 'weight', weight: 50 },
    { kind: 'promote' },
  ],
  maxWeight: 50,
  intervalMs: 60_000,
  minimumDurationMs: 360_000,
  warnings: [],
};

export const baseState = (overrides: Partial<RolloutState>): RolloutState => ({
  phase: 'Succeeded',
  label: 'Succeeded',
  description: 'The last run was promoted; the primary serves all traffic.',
  tone: 'success',
  suspended: false,
  weight: { status: 0, effective: 0, source: 'status' },
  plan,
  progress: { completedSteps: 6, totalSteps: 6, fraction: 1 },
  failedChecks: 0,
  failedChecksThreshold: 2,
  revisionPending: false,
  reverted: false,
  ...overrides,
});

export const promoteAction: RolloutActionAvailability = {
  action: 'promote',
  permission: 'canary.rollout.promote',
  possible: true,
  route: 'application-policy-patch',
  effect:
    'Sets skipTrafficAnalysis: Flagger promotes the canary at its next analysis tick.',
};

export const abortAction: RolloutActionAvailability = {
  action: 'abort',
  permission: 'canary.rollout.abort',
  possible: false,
  reason: 'Kurator cannot abort a run.',
  howToEnable: 'Revert the workload in Git.',
};

export const rollout = (
  cluster: string,
  overrides: Partial<RolloutSummary> = {},
): RolloutSummary => ({
  cluster,
  namespace: 'webapp',
  name: 'backend',
  source: 'kurator',
  kurator: {
    hostCluster: 'host',
    application: { namespace: 'default', name: 'rollout-demo' },
    fleet: 'quickstart',
    policyName: 'rollout-demo-0',
    policyIndex: 0,
    kuratorCluster: cluster,
  },
  found: true,
  state: baseState({}),
  strategy: { strategy: 'canary', label: 'Canary', notes: [] },
  revision: { images: ['stefanprodan/podinfo:6.0.4'] },
  lastTransitionTime: new Date(Date.now() - 5 * 60_000).toISOString(),
  failedChecks: { count: 0, threshold: 2 },
  actions: [],
  ...overrides,
});

/** A stub of the Canary API: every call rejects unless overridden. */
export const stubCanaryApi = (overrides: Partial<CanaryApi> = {}) => {
  const unexpected = () => Promise.reject(new Error('not stubbed'));
  return {
    getEntityRollouts: jest.fn(unexpected),
    listRuns: jest.fn(() => Promise.resolve({ items: [] })),
    getTimeline: jest.fn(() => Promise.resolve({ items: [] })),
    getMetrics: jest.fn(() =>
      Promise.resolve({
        range: { start: 1_795_309_000, end: 1_795_312_600, stepSeconds: 30 },
        metrics: [],
      }),
    ),
    getInbox: jest.fn(() => Promise.resolve({ items: [], errors: [] })),
    runAction: jest.fn(unexpected),
    ...overrides,
  } as jest.Mocked<CanaryApi>;
};

/**
 * A stub of the signals API whose subscribers the test reaches: `push` delivers a message on a
 * channel as the backend would.
 */
export const stubSignalApi = () => {
  const subscribers = new Map<string, Set<(message: any) => void>>();
  return {
    subscribe: jest.fn((channel: string, onMessage: (message: any) => void) => {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage) };
    }),
    push(channel: string, message: Record<string, unknown>) {
      subscribers.get(channel)?.forEach(onMessage => onMessage(message));
    },
  };
};
