import { KubeObject } from '../lib/KubeClient';
import { httpRequest } from '../lib/net';
import { sleep } from '../lib/processes';
import { rolloutImage } from '../scenarios/scenarios';
import { resolveTarget } from '../scenarios/targets';
import {
  canaryEventsSince,
  labInfo,
  nowMinusOneSecond,
  phaseWeights,
  recordRows,
  runEventsSince,
  waitForRunEnd,
  waitForStable,
  withClient,
} from '../testing/labTestUtils';
import { shareTheLab } from '../testing/labLease';

const NS = 'webapp';
const NAME = 'backend';

function deployment(cluster: string, name: string) {
  return withClient(cluster, c =>
    c.get<KubeObject>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      namespace: NS,
      name,
    }),
  );
}

// The member-outage test runs while no other file uses the lab.
shareTheLab();

describe('rollouts of the Kurator Application rollout-demo (Istio)', () => {
  it('promotes a healthy image through the seed transcript: Progressing 10..50, Promoting, Finalising, Succeeded', async () => {
    const cluster = 'kurator-member1';
    const before = await waitForStable(cluster, NS, NAME);
    expect(['Initialized', 'Succeeded', 'Failed']).toContain(
      before.status.phase,
    );

    const since = nowMinusOneSecond();
    const watch = recordRows(cluster, NS, NAME);
    const info = labInfo();
    const [change] = await rolloutImage(
      info,
      await resolveTarget(info, 'rollout-demo', cluster),
    );
    const done = await waitForRunEnd(cluster, NS, NAME, before, 150_000);
    await watch.stopAfter(done);

    expect(done.status.phase).toBe('Succeeded');
    const all = phaseWeights(watch.rows);
    // the watch starts with the state before the rollout
    expect(all[0]).toBe(`${before.status.phase} 0`);
    const steps = all.slice(all.indexOf('Progressing 0'));
    // Flagger keeps the last weight in Promoting; Finalising and Succeeded reset it to 0.
    expect(steps).toEqual([
      'Progressing 0',
      'Progressing 10',
      'Progressing 20',
      'Progressing 30',
      'Progressing 40',
      'Progressing 50',
      'Promoting 50',
      'Finalising 0',
      'Succeeded 0',
    ]);
    expect(done.status.lastPromotedSpec).toBe(done.status.lastAppliedSpec);
    expect(done.status.conditions).toEqual([
      expect.objectContaining({
        type: 'Promoted',
        status: 'True',
        reason: 'Succeeded',
        message: 'Canary analysis completed successfully, promotion finished.',
      }),
    ]);

    // the new image runs in the primary; the canary Deployment is scaled to zero
    const primary = await deployment(cluster, `${NAME}-primary`);
    expect(primary.spec.template.spec.containers[0].image).toBe(change.to);
    expect((await deployment(cluster, NAME)).spec.replicas).toBe(0);

    const events = await runEventsSince(cluster, NS, NAME, since, done);
    const expected = [
      'New revision detected! Scaling up backend.webapp',
      'Starting canary analysis for backend.webapp',
      'Advance backend.webapp canary weight 10',
      'Advance backend.webapp canary weight 20',
      'Advance backend.webapp canary weight 30',
      'Advance backend.webapp canary weight 40',
      'Advance backend.webapp canary weight 50',
      'Copying backend.webapp template spec to backend-primary.webapp',
      'Routing all traffic to primary',
      'Promotion completed! Scaling down backend.webapp',
    ];
    const found = expected.map(m => events.find(e => e.message === m));
    expect(
      found.map((e, i) => e?.message ?? `missing: ${expected[i]}`),
    ).toEqual(expected);
    for (let i = 1; i < found.length; i++) {
      expect(found[i]!.lastTimestamp >= found[i - 1]!.lastTimestamp).toBe(true);
    }
    for (const e of found) {
      expect(e).toMatchObject({
        type: 'Normal',
        reason: 'Synced',
        source: { component: 'flagger' },
        involvedObject: {
          kind: 'Canary',
          apiVersion: 'flagger.app/v1beta1',
          name: NAME,
          namespace: NS,
        },
      });
    }
    expect(
      events.filter(
        e => e.type === 'Warning' && e.message.startsWith('Rolling back'),
      ),
    ).toEqual([]);

    // the routing, as Flagger exports it: all traffic back on the primary
    const member = info.clusters.find(c => c.name === cluster)!;
    let weights: Record<string, string> = {};
    for (let i = 0; i < 20 && weights['backend-primary'] !== '100'; i++) {
      const res = await httpRequest(
        `${member.prometheusUrl}/api/v1/query?query=${encodeURIComponent(
          'flagger_canary_weight{namespace="webapp"}',
        )}`,
      );
      weights = Object.fromEntries(
        JSON.parse(res.body).data.result.map((r: any) => [
          r.metric.workload,
          r.value[1],
        ]),
      );
      await sleep(500);
    }
    expect(weights).toEqual({ backend: '0', 'backend-primary': '100' });
  }, 200_000);

  it('rolls back a faulty image after the failed-checks threshold', async () => {
    const cluster = 'kurator-member2';
    const before = await waitForStable(cluster, NS, NAME);
    const promotedImage = (await deployment(cluster, `${NAME}-primary`)).spec
      .template.spec.containers[0].image;

    const since = nowMinusOneSecond();
    const info = labInfo();
    const [change] = await rolloutImage(
      info,
      await resolveTarget(info, 'rollout-demo', cluster),
      {
        variant: 'faulty',
      },
    );
    expect(change.to).toMatch(/faulty/);
    const done = await waitForRunEnd(cluster, NS, NAME, before, 150_000);

    expect(done.status.phase).toBe('Failed');
    expect(done.status.canaryWeight).toBe(0);
    expect(done.status.conditions[0]).toMatchObject({
      type: 'Promoted',
      status: 'False',
      reason: 'Failed',
      message: 'Canary analysis failed, Deployment scaled to zero.',
    });
    // the primary still runs the promoted image; the faulty canary is scaled to zero
    expect(
      (await deployment(cluster, `${NAME}-primary`)).spec.template.spec
        .containers[0].image,
    ).toBe(promotedImage);
    expect((await deployment(cluster, NAME)).spec.replicas).toBe(0);

    const events = await canaryEventsSince(cluster, NS, NAME, since);
    const messages = events.map(e => e.message);
    expect(messages).toContain(
      'Rolling back backend.webapp failed checks threshold reached 2',
    );
    expect(messages).toContain('Canary failed! Scaling down backend.webapp');
    const halts = events.filter(e =>
      /^Halt backend\.webapp advancement (success rate|request duration)/.test(
        e.message,
      ),
    );
    expect(halts.length).toBeGreaterThan(0);
    expect(halts.every(e => e.type === 'Warning')).toBe(true);
  }, 200_000);
});
