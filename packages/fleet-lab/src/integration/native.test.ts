import { KubeObject } from '../lib/KubeClient';
import { rolloutImage, setSuspended } from '../scenarios/scenarios';
import { resolveTarget } from '../scenarios/targets';
import {
  getCanary,
  labInfo,
  nowMinusOneSecond,
  runEventsSince,
  waitForCanary,
  waitForRunEnd,
  waitForStable,
  withClient,
} from '../testing/labTestUtils';
import { shareTheLab } from '../testing/labLease';

const CLUSTER = 'kurator-member1';
const NS = 'test';
const NAME = 'podinfo';
const ref = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  namespace: NS,
  name: NAME,
};

// The member-outage test runs while no other file uses the lab.
shareTheLab();

describe('the native Linkerd canary test/podinfo', () => {
  it('promotes at once with skipAnalysis and says the analysis was skipped', async () => {
    const before = await waitForStable(CLUSTER, NS, NAME);
    await withClient(CLUSTER, c =>
      c.patch(ref, { spec: { skipAnalysis: true } }),
    );
    const since = nowMinusOneSecond();
    try {
      const info = labInfo();
      const [change] = await rolloutImage(
        info,
        await resolveTarget(info, 'podinfo', CLUSTER),
      );
      const done = await waitForRunEnd(CLUSTER, NS, NAME, before, 60_000);
      expect(done.status.phase).toBe('Succeeded');
      expect(done.status.lastPromotedSpec).toBe(done.status.lastAppliedSpec);
      const primary = await withClient(CLUSTER, c =>
        c.get<KubeObject>({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: NS,
          name: `${NAME}-primary`,
        }),
      );
      expect(primary.spec.template.spec.containers[0].image).toBe(change.to);
      const messages = (
        await runEventsSince(CLUSTER, NS, NAME, since, done)
      ).map(e => e.message);
      expect(messages).toContain(
        'Copying podinfo.test template spec to podinfo-primary.test',
      );
      expect(messages).toContain(
        'Promotion completed! Canary analysis was skipped for podinfo.test',
      );
      expect(
        messages.some(m => m.startsWith('Advance podinfo.test canary weight')),
      ).toBe(false);
    } finally {
      await withClient(CLUSTER, c =>
        c.patch(ref, { spec: { skipAnalysis: false } }),
      );
    }
  }, 120_000);

  it('freezes a suspended run and continues it after resume', async () => {
    const before = await waitForStable(CLUSTER, NS, NAME);
    const info = labInfo();
    const target = await resolveTarget(info, 'podinfo', CLUSTER);
    await rolloutImage(info, target);
    const started = await waitForCanary(
      CLUSTER,
      NS,
      NAME,
      c => c.status?.phase === 'Progressing' && c.status.canaryWeight >= 10,
      60_000,
    );
    await setSuspended(info, target, true);
    try {
      // a tick that read the canary before the patch may still finish
      await new Promise(resolve => setTimeout(resolve, 4_000));
      const frozen = await getCanary(CLUSTER, NS, NAME);
      // several 3 s ticks pass without any change of weight or phase
      await new Promise(resolve => setTimeout(resolve, 10_000));
      const later = await getCanary(CLUSTER, NS, NAME);
      expect(later.status.canaryWeight).toBe(frozen.status.canaryWeight);
      expect(later.status.phase).toBe('Progressing');
      expect(later.status.canaryWeight).toBeGreaterThanOrEqual(
        started.status.canaryWeight,
      );
    } finally {
      await setSuspended(info, target, false);
    }
    const done = await waitForRunEnd(CLUSTER, NS, NAME, before, 120_000);
    expect(done.status.phase).toBe('Succeeded');
  }, 200_000);
});
