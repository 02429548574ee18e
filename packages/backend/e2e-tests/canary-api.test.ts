import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminGet, eventually, guestToken, labCluster } from './lab';

// The Canary backend's API in the real backend process (with the real Kubernetes backend plugin)
// against the fleet lab's real kube-apiservers and Prometheus; what it answers is checked against
// what the clusters hold, read as their admin.
const backend = 'http://localhost:7007';
const rolloutDemo = `${backend}/api/canary/entities/component/default/rollout-demo/rollouts`;

async function api(request: APIRequestContext) {
  const token = await guestToken(request);
  const headers = { Authorization: `Bearer ${token}` };
  return {
    // The catalog ingests the example entities shortly after the backend starts.
    get: async (url: string) => {
      const response = await eventually(
        async () => {
          const r = await request.get(url, { headers });
          return r.status() === 404 ? undefined : r;
        },
        60_000,
        `${url} to know the entity`,
      );
      return response;
    },
    post: (url: string, data: unknown) => request.post(url, { headers, data }),
  };
}

test('reads the Kurator rollout on every member as the clusters hold it', async ({
  request,
}) => {
  const response = await (await api(request)).get(rolloutDemo);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.errors).toEqual([]);
  expect(
    body.items.map((i: any) => [i.cluster, i.namespace, i.name, i.found]),
  ).toEqual([
    ['kurator-member1', 'webapp', 'backend', true],
    ['kurator-member2', 'webapp', 'backend', true],
  ]);
  for (const item of body.items) {
    const canary = await adminGet<any>(
      labCluster(item.cluster),
      '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend',
    );
    expect(item.state.phase).toBe(canary.status.phase);
    expect(item.kurator.policyName).toBe(
      canary.metadata.annotations['kurator.dev/rollout'],
    );
  }
});

test('pauses and resumes a Kurator rollout through its Application, on every cluster of the policy', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const client = await api(request);
  await client.get(rolloutDemo);
  const actions = `${rolloutDemo}/kurator-member1/webapp/backend/actions`;
  const host = labCluster('host');
  const suspendOf = async () =>
    (
      await adminGet<any>(
        host,
        '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-demo',
      )
    ).spec.syncPolicies[0].rollout.rolloutPolicy?.suspend;
  const memberSuspended = (member: string, value: boolean) =>
    eventually(
      async () =>
        (
          await adminGet<any>(
            labCluster(member),
            '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend',
          )
        ).spec.suspend === value || undefined,
      90_000,
      `${member}'s canary to have suspend=${value}`,
    );

  const pause = await client.post(`${actions}/pause`, {
    reason: 'e2e: pause the fleet',
  });
  expect(pause.status()).toBe(200);
  const paused = await pause.json();
  expect(paused.route).toBe('application-policy-patch');
  expect(paused.affects.map((a: any) => a.cluster)).toEqual([
    'kurator-member1',
    'kurator-member2',
  ]);
  expect(await suspendOf()).toBe(true);
  // Kurator re-renders both members' canaries from the policy.
  await memberSuspended('kurator-member1', true);
  await memberSuspended('kurator-member2', true);

  const resume = await client.post(`${actions}/resume`, {
    reason: 'e2e: resume the fleet',
  });
  expect(resume.status()).toBe(200);
  expect(await suspendOf()).not.toBe(true);
  await memberSuspended('kurator-member1', false);

  const timeline = await client.get(
    `${rolloutDemo}/kurator-member2/webapp/backend/timeline?kind=action&limit=2`,
  );
  expect((await timeline.json()).items.map((i: any) => i.reason)).toEqual([
    'e2e: resume the fleet',
    'e2e: pause the fleet',
  ]);
});

test('serves the analysis metrics from the lab Prometheus', async ({
  request,
}) => {
  const response = await (
    await api(request)
  ).get(`${rolloutDemo}/kurator-member1/webapp/backend/metrics`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body.metrics.map((m: any) => m.name)).toEqual([
    'request-success-rate',
    'request-duration',
  ]);
  const [successRate] = body.metrics;
  expect(successRate.threshold).toMatchObject({ min: 99, unit: 'percent' });
  expect(successRate.problems).toEqual([]);
  expect(successRate.primary.length).toBeGreaterThan(0);
});

test('answers 400 naming the field when an action has no reason', async ({
  request,
}) => {
  const client = await api(request);
  await client.get(rolloutDemo);
  const response = await client.post(
    `${rolloutDemo}/kurator-member1/webapp/backend/actions/pause`,
    {},
  );
  expect(response.status()).toBe(400);
  expect((await response.json()).error.message).toMatch(
    /^Field reason is required/,
  );
});
