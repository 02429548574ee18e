import type { Page } from '@playwright/test';
import {
  adminGet,
  adminPatch,
  eventually,
  labCluster,
} from '../../backend/e2e-tests/lab';

// podinfo, the demo fleet's native Flagger canary on kurator-member1 (Linkerd, a check every 30 s,
// templated success-rate and latency metrics, rolled back after 5 failed checks), as the app's
// end-to-end tests drive it.

export const TAB = '/catalog/default/component/podinfo/canary';
export const CLUSTER = 'kurator-member1';
export const CANARY =
  '/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo';
const SETTLED = ['Succeeded', 'Failed', 'Initialized'];

export type PodinfoCanary = {
  spec: {
    suspend?: boolean;
    skipAnalysis?: boolean;
    progressDeadlineSeconds?: number;
    analysis?: { threshold?: number; metrics?: unknown[] };
  };
  status?: { phase?: string; failedChecks?: number };
};

export const member = () => labCluster(CLUSTER);
export const canary = () => adminGet<PodinfoCanary>(member(), CANARY);

/** podinfo as the demo fleet defines it: analysing every revision, rolled back at 5 failed checks. */
export const AS_DEFINED = {
  spec: {
    suspend: false,
    skipAnalysis: false,
    progressDeadlineSeconds: 60,
    analysis: { threshold: 5 },
  },
};

/** Waits until no run of podinfo is in progress and it is as the demo fleet defines it. */
export async function settled() {
  const current = await canary();
  if (
    current.spec.suspend ||
    current.spec.skipAnalysis ||
    current.spec.progressDeadlineSeconds !== 60 ||
    current.spec.analysis?.threshold !== 5
  ) {
    await adminPatch(member(), CANARY, AS_DEFINED);
  }
  await eventually(
    async () => {
      const phase = (await canary()).status?.phase;
      return phase && SETTLED.includes(phase) ? phase : undefined;
    },
    180_000,
    'podinfo to settle',
  );
}

/** podinfo's lane in the Canary tab. */
export const lane = (page: Page) =>
  page.getByRole('region', { name: CLUSTER, exact: true });
