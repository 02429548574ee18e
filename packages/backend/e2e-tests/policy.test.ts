import { expect, test, type APIRequestContext } from '@playwright/test';
import { adminGet, eventually, labCluster } from './lab';

// Rollout policy changes through the real backend (with the real Kubernetes backend plugin and its
// proxy) against the fleet lab's kube-apiservers: what the API answers is checked against what the
// clusters hold, read as their admin. Only rollout-kuma-demo is changed, and restored after.
const backend = 'http://localhost:7007';
const entityUrl = (name: string) =>
  `${backend}/api/canary/entities/component/default/${name}/policy`;
const KUMA_APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-kuma-demo';
const KUMA_MEMBER_CANARY =
  '/apis/flagger.app/v1beta1/namespaces/kuma-demo/canaries/backend';
const PODINFO_CANARY =
  '/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo';

async function api(request: APIRequestContext) {
  const refresh = await request.get(
    `${backend}/api/auth/guest/refresh?optional&env=development`,
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(refresh.ok()).toBe(true);
  const token = (await refresh.json()).backstageIdentity.token;
  const headers = { Authorization: `Bearer ${token}` };
  return {
    // The catalog ingests the example entities shortly after the backend starts.
    policies: (name: string) =>
      eventually(
        async () => {
          const r = await request.get(entityUrl(name), { headers });
          return r.status() === 404 ? undefined : r;
        },
        60_000,
        `the catalog to know ${name}`,
      ),
    post: (name: string, step: string, data: unknown) =>
      request.post(`${entityUrl(name)}/${step}`, { headers, data }),
  };
}

type Application = {
  metadata: { resourceVersion: string; generation: number };
  spec: { syncPolicies: Array<{ rollout: any }> };
};
const stepWeightOf = (application: Application) =>
  application.spec.syncPolicies[0].rollout.rolloutPolicy.trafficRouting
    .canaryStrategy.stepWeight;

test('changes the stepWeight of a Kurator rollout policy: preview, dry-run, apply, restore', async ({
  request,
}) => {
  test.setTimeout(150_000);
  const client = await api(request);
  const host = labCluster('host');

  const current = await client.policies('rollout-kuma-demo');
  expect(current.status()).toBe(200);
  const body = await current.json();
  expect(body.errors).toEqual([]);
  const [item] = body.items;
  expect(item.source).toMatchObject({
    target: 'kurator',
    hostCluster: 'host',
    application: { namespace: 'default', name: 'rollout-kuma-demo' },
    policyIndex: 0,
    clusters: ['kurator-member1', 'kurator-member2'],
  });
  const before = await adminGet<Application>(host, KUMA_APPLICATION);
  const original = item.policy;
  expect(original.traffic.stepWeight).toBe(stepWeightOf(before));
  const changedWeight = original.traffic.stepWeight === 10 ? 25 : 10;
  const changed = {
    ...original,
    traffic: { ...original.traffic, stepWeight: changedWeight },
  };

  // Preview: the Application for the host and what Kurator renders on both members.
  const preview = await client.post('rollout-kuma-demo', 'preview', {
    target: 'kurator',
    policy: changed,
  });
  expect(preview.status()).toBe(200);
  const { manifests } = await preview.json();
  expect(manifests.map((m: any) => [m.cluster, m.role])).toEqual([
    ['host', 'host'],
    ['kurator-member1', 'member'],
    ['kurator-member2', 'member'],
  ]);
  for (const member of manifests.slice(1)) {
    const canary = member.objects.find((o: any) => o.kind === 'Canary');
    expect(canary.spec.analysis.stepWeight).toBe(changedWeight);
  }

  // Dry run: an update with a diff naming the new value, and nothing changed on the host.
  const dryRun = await client.post('rollout-kuma-demo', 'dry-run', {
    target: 'kurator',
    policy: changed,
  });
  expect(dryRun.status()).toBe(200);
  const dry = await dryRun.json();
  expect(dry.applied).toBe(false);
  // The host's Application is dry-run on the server; each member shows what Kurator would render there.
  expect(
    dry.clusters.map((c: any) => [c.cluster, c.role, c.rendered ?? false]),
  ).toEqual([
    ['host', 'host', false],
    ['kurator-member1', 'member', true],
    ['kurator-member2', 'member', true],
  ]);
  for (const member of dry.clusters.slice(1)) {
    const canary = member.objects.find((o: any) => o.kind === 'Canary');
    expect(canary.operation).toBe('update');
    expect(canary.diff).toMatch(
      new RegExp(`^\\+\\s+stepWeight: ${changedWeight}$`, 'm'),
    );
  }
  const [application] = dry.clusters[0].objects;
  expect(application).toMatchObject({
    kind: 'Application',
    name: 'rollout-kuma-demo',
    operation: 'update',
  });
  expect(application.error).toBeUndefined();
  expect(application.diff).toMatch(
    new RegExp(`^\\+\\s+stepWeight: ${changedWeight}$`, 'm'),
  );
  // The spec's generation, not the resourceVersion: status writes by the lab may bump the latter.
  const afterDryRun = await adminGet<Application>(host, KUMA_APPLICATION);
  expect(afterDryRun.metadata.generation).toBe(before.metadata.generation);
  expect(stepWeightOf(afterDryRun)).toBe(original.traffic.stepWeight);

  // A policy with errors is refused with field-level issues.
  const invalid = await client.post('rollout-kuma-demo', 'apply', {
    target: 'kurator',
    policy: { ...changed, service: { ...changed.service, name: 'other' } },
    reason: 'e2e: invalid policy',
  });
  expect(invalid.status()).toBe(400);
  expect((await invalid.json()).issues).toContainEqual(
    expect.objectContaining({ path: 'service.name', severity: 'error' }),
  );

  try {
    // Apply: the Application changes, and Kurator renders the new step on the members.
    const apply = await client.post('rollout-kuma-demo', 'apply', {
      target: 'kurator',
      policy: changed,
      reason: 'e2e: faster steps',
    });
    expect(apply.status()).toBe(200);
    const applied = await apply.json();
    expect(applied.applied).toBe(true);
    expect(applied.clusters[0].objects[0].operation).toBe('update');
    const afterApply = await adminGet<Application>(host, KUMA_APPLICATION);
    expect(stepWeightOf(afterApply)).toBe(changedWeight);
    await eventually(
      async () => {
        const canary = await adminGet<any>(
          labCluster('kurator-member1'),
          KUMA_MEMBER_CANARY,
        );
        return canary.spec.analysis.stepWeight === changedWeight
          ? true
          : undefined;
      },
      60_000,
      'Kurator to render the new stepWeight on kurator-member1',
    );
  } finally {
    const restore = await client.post('rollout-kuma-demo', 'apply', {
      target: 'kurator',
      policy: original,
      reason: 'e2e: restore the original policy',
    });
    expect(restore.status()).toBe(200);
  }
  const restored = await adminGet<Application>(host, KUMA_APPLICATION);
  expect(restored.spec.syncPolicies[0].rollout).toEqual(
    before.spec.syncPolicies[0].rollout,
  );
});

test("dry-runs a change of podinfo's native canary policy without changing it", async ({
  request,
}) => {
  const client = await api(request);
  const current = await client.policies('podinfo');
  expect(current.status()).toBe(200);
  const [item] = (await current.json()).items;
  expect(item.source).toEqual({
    target: 'flagger',
    cluster: 'kurator-member1',
    namespace: 'test',
    name: 'podinfo',
  });
  const member = labCluster('kurator-member1');
  const before = await adminGet<any>(member, PODINFO_CANARY);
  expect(item.policy.traffic.stepWeight).toBe(before.spec.analysis.stepWeight);
  const changedWeight = item.policy.traffic.stepWeight === 5 ? 10 : 5;

  const dryRun = await client.post('podinfo', 'dry-run', {
    target: 'flagger',
    policy: {
      ...item.policy,
      traffic: { ...item.policy.traffic, stepWeight: changedWeight },
    },
  });
  expect(dryRun.status()).toBe(200);
  const { clusters, applied } = await dryRun.json();
  expect(applied).toBe(false);
  expect(clusters.map((c: any) => [c.cluster, c.error])).toEqual([
    ['kurator-member1', undefined],
  ]);
  const canary = clusters[0].objects.find((o: any) => o.kind === 'Canary');
  expect(canary).toMatchObject({ name: 'podinfo', operation: 'update' });
  expect(canary.error).toBeUndefined();
  expect(canary.diff).toMatch(
    new RegExp(`^\\+\\s+stepWeight: ${changedWeight}$`, 'm'),
  );
  // Another test acts on podinfo (its status and suspend change): the stepWeight must not.
  const after = await adminGet<any>(member, PODINFO_CANARY);
  expect(after.spec.analysis.stepWeight).toBe(before.spec.analysis.stepWeight);
});
