import { createMissing } from '../lib/Lab';
import { KubeObject } from '../lib/KubeClient';
import { loadtester } from '../lib/seed';
import { rolloutImage } from '../scenarios/scenarios';
import { resolveTarget } from '../scenarios/targets';
import {
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

const CLUSTER = 'kurator-member2';
const NS = 'lab-strategies';

function workload(
  name: string,
  analysis: Record<string, unknown>,
): KubeObject[] {
  const labels = { app: name };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: NS, labels },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'stefanprodan/podinfo:6.0.0',
                ports: [{ name: 'http', containerPort: 9898 }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: NS, labels },
      spec: {
        selector: labels,
        ports: [{ name: 'http', port: 9898, targetPort: 'http' }],
      },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name, namespace: NS },
      spec: {
        provider: 'istio',
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        service: { port: 9898 },
        analysis: {
          interval: '10s',
          threshold: 2,
          ...analysis,
          metrics: [
            {
              name: 'request-success-rate',
              interval: '30s',
              thresholdRange: { min: 99 },
            },
          ],
          webhooks: [
            {
              name: 'load-test',
              url: `http://flagger-loadtester.${NS}/`,
              metadata: {
                cmd: `hey -z 1m -q 10 -c 2 http://${name}-canary.${NS}:9898/`,
              },
            },
          ],
        },
      },
    },
  ];
}

/** Rolls out a new image of one canary and returns the (phase weight) rows and the run's events. */
async function run(name: string) {
  const before = await waitForStable(CLUSTER, NS, name);
  const info = labInfo();
  const since = nowMinusOneSecond();
  const watch = recordRows(CLUSTER, NS, name);
  await rolloutImage(info, await resolveTarget(info, `${NS}/${name}`, CLUSTER));
  const done = await waitForRunEnd(CLUSTER, NS, name, before, 120_000);
  await watch.stopAfter(done);
  const rows = phaseWeights(watch.rows);
  const events = (await runEventsSince(CLUSTER, NS, name, since, done)).map(
    e => e.message,
  );
  return { done, rows: rows.slice(rows.indexOf('Progressing 0')), events };
}

// The member-outage test runs while no other file uses the lab.
shareTheLab();

describe('deployment strategies (temporary native canaries in kurator-member2)', () => {
  beforeAll(async () => {
    await withClient(CLUSTER, c =>
      createMissing(c, [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
        ...loadtester(NS),
        ...workload('stepweights', { stepWeights: [5, 25, 50] }),
        ...workload('bluegreen', { iterations: 3 }),
        ...workload('abtest', {
          iterations: 3,
          match: [{ headers: { 'x-canary': { exact: 'insider' } } }],
        }),
      ]),
    );
  }, 60_000);

  it('follows stepWeights and promotes at the last one', async () => {
    const { done, rows, events } = await run('stepweights');
    expect(done.status.phase).toBe('Succeeded');
    expect(rows).toEqual([
      'Progressing 0',
      'Progressing 5',
      'Progressing 25',
      'Progressing 50',
      'Promoting 50',
      'Finalising 0',
      'Succeeded 0',
    ]);
    expect(events).toEqual(
      expect.arrayContaining([
        'Advance stepweights.lab-strategies canary weight 5',
        'Advance stepweights.lab-strategies canary weight 25',
        'Advance stepweights.lab-strategies canary weight 50',
      ]),
    );
  }, 150_000);

  it('runs Blue/Green iterations, then routes all traffic to the canary before promoting', async () => {
    const { done, rows, events } = await run('bluegreen');
    expect(done.status.phase).toBe('Succeeded');
    expect(rows).toEqual([
      'Progressing 0',
      'Promoting 0',
      'Finalising 0',
      'Succeeded 0',
    ]);
    const iterations = events.filter(m =>
      m.startsWith('Advance bluegreen.lab-strategies canary iteration'),
    );
    expect(iterations).toEqual([
      'Advance bluegreen.lab-strategies canary iteration 1/3',
      'Advance bluegreen.lab-strategies canary iteration 2/3',
      'Advance bluegreen.lab-strategies canary iteration 3/3',
    ]);
    expect(events).toContain('Routing all traffic to canary');
    expect(events.indexOf('Routing all traffic to canary')).toBeLessThan(
      events.indexOf(
        'Copying bluegreen.lab-strategies template spec to bluegreen-primary.lab-strategies',
      ),
    );
  }, 150_000);

  it('runs A/B iterations on matched traffic and promotes without routing everything to the canary', async () => {
    const { done, events } = await run('abtest');
    expect(done.status.phase).toBe('Succeeded');
    expect(
      events.filter(m =>
        m.startsWith('Advance abtest.lab-strategies canary iteration'),
      ),
    ).toEqual([
      'Advance abtest.lab-strategies canary iteration 1/3',
      'Advance abtest.lab-strategies canary iteration 2/3',
      'Advance abtest.lab-strategies canary iteration 3/3',
    ]);
    expect(events).not.toContain('Routing all traffic to canary');
    expect(events).toContain(
      'Promotion completed! Scaling down abtest.lab-strategies',
    );
  }, 150_000);
});
