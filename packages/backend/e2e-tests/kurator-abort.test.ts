import { expect, test } from '@playwright/test';
import {
  adminGet,
  adminPatch,
  eventually,
  labCluster,
  labRolloutImage,
} from './lab';
import { backend, backendUp, GuestApi } from './guestApi';

// Abort of a Kurator-managed canary through the real backend against the fleet lab: a faulty
// revision of rollout-kuma-demo runs on both members; the guest (an owner) aborts it. Every
// member's workload must run the promoted images again (read as the clusters' admin), the
// reverted revision must finish without analysis, and skipTrafficAnalysis must be cleared again
// once it has.

const MEMBERS = ['kurator-member1', 'kurator-member2'];
const NAMESPACE = 'kuma-demo';
const NAME = 'backend';
const APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-kuma-demo';
const CANARY = `/apis/flagger.app/v1beta1/namespaces/${NAMESPACE}/canaries/${NAME}`;
const deploymentPath = (name: string) =>
  `/apis/apps/v1/namespaces/${NAMESPACE}/deployments/${name}`;
const abortUrl = `${backend}/api/canary/entities/component/default/rollout-kuma-demo/rollouts/kurator-member1/${NAMESPACE}/${NAME}/actions/abort`;

const canaryOn = (cluster: string) =>
  adminGet<any>(labCluster(cluster), CANARY);
const imageOf = async (cluster: string, name: string) =>
  (await adminGet<any>(labCluster(cluster), deploymentPath(name))).spec.template
    .spec.containers[0].image;
const rolloutPolicy = async () =>
  (await adminGet<any>(labCluster('host'), APPLICATION)).spec.syncPolicies[0]
    .rollout.rolloutPolicy ?? {};

async function phaseOnEveryMember(phases: string[], what: string) {
  await eventually(
    async () => {
      const canaries = await Promise.all(MEMBERS.map(canaryOn));
      return canaries.every(c => phases.includes(c.status?.phase))
        ? true
        : undefined;
    },
    180_000,
    what,
  );
}

test('a Kurator abort reverts every member to the promoted revision and finishes it without analysis', async ({
  request,
}) => {
  test.setTimeout(600_000);
  await backendUp(request);
  const api = new GuestApi(request);
  // Start clean: no run on, the policy neither paused nor skipping analysis.
  const policy = await rolloutPolicy();
  if (policy.suspend || policy.skipTrafficAnalysis) {
    await adminPatch(labCluster('host'), APPLICATION, [
      {
        op: 'add',
        path: '/spec/syncPolicies/0/rollout/rolloutPolicy/suspend',
        value: false,
      },
      {
        op: 'add',
        path: '/spec/syncPolicies/0/rollout/rolloutPolicy/skipTrafficAnalysis',
        value: false,
      },
    ]);
  }
  await phaseOnEveryMember(
    ['Succeeded', 'Failed', 'Initialized'],
    'rollout-kuma-demo to settle',
  );
  const promoted = await imageOf('kurator-member1', `${NAME}-primary`);

  let faulty = '';
  for (const cluster of MEMBERS) {
    faulty = await labRolloutImage(
      labCluster(cluster),
      NAMESPACE,
      NAME,
      'faulty',
    );
  }
  await phaseOnEveryMember(['Progressing'], 'the faulty run to start');

  // The owner aborts: 200, on the policy's route, reaching both members.
  let answer: any;
  for (let attempt = 0; ; attempt++) {
    const response = await api.send('POST', abortUrl, {
      data: { reason: 'e2e: abort the faulty kuma run' },
    });
    if (
      response.status() === 409 &&
      attempt < 4 &&
      /changed while/.test(await response.text())
    ) {
      continue;
    }
    expect(response.status(), await response.text()).toBe(200);
    answer = await response.json();
    break;
  }
  expect(answer).toMatchObject({
    action: 'abort',
    route: 'application-policy-patch',
    changed: true,
  });
  expect(answer.affects.map((a: any) => a.cluster)).toEqual(MEMBERS);
  expect(answer.message).toContain(
    'Reverted backend to the images of backend-primary on kurator-member1, kurator-member2. skipTrafficAnalysis is set',
  );

  // Every member runs the promoted image again, read as the clusters' admin.
  for (const cluster of MEMBERS) {
    expect(await imageOf(cluster, NAME)).toBe(promoted);
    expect(await imageOf(cluster, NAME)).not.toBe(faulty);
  }
  // The reverted revision finishes (no failed analysis: it is not Failed), and the analysis is
  // turned on again for later revisions.
  await phaseOnEveryMember(['Succeeded'], 'the reverted revision to finish');
  for (const cluster of MEMBERS) {
    expect(await imageOf(cluster, `${NAME}-primary`)).toBe(promoted);
  }
  await eventually(
    async () =>
      (await rolloutPolicy()).skipTrafficAnalysis === false ? true : undefined,
    120_000,
    'the abort follow-up to clear skipTrafficAnalysis',
  );
});
