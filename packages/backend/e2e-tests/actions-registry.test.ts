import { expect, test } from '@playwright/test';
import { adminGet, eventually, guestToken, labCluster } from './lab';

// The Canary backend's registered actions, invoked through the actions registry's own HTTP
// endpoint in the real backend process (as MCP clients and other backends reach them), against the
// fleet lab; what they answer is checked against what the clusters hold, read as their admin.
const backend = 'http://localhost:7007';
const actionsApi = `${backend}/api/canary/.backstage/actions/v1/actions`;

test('lists the Canary actions with their input schemas', async ({
  request,
}) => {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const response = await request.get(actionsApi, { headers });
  expect(response.status()).toBe(200);
  const actions: Array<{ id: string; attributes: any; schema: any }> = (
    await response.json()
  ).actions;
  const ids = actions.map(a => a.id);
  expect(ids).toEqual(
    expect.arrayContaining([
      'canary:get-entity-rollouts',
      'canary:get-rollout-timeline',
      'canary:pause-rollout',
      'canary:approve-rollout',
    ]),
  );
  const read = actions.find(a => a.id === 'canary:get-entity-rollouts')!;
  expect(read.attributes.readOnly).toBe(true);
  expect(read.schema.input.required).toEqual(['entityRef']);
});

test('the get-entity-rollouts action answers the lab canaries of rollout-demo', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const invoke = () =>
    request.post(`${actionsApi}/canary:get-entity-rollouts/invoke`, {
      headers,
      data: { entityRef: 'component:default/rollout-demo' },
    });

  // The catalog ingests the example entities shortly after the backend starts; a rollout running
  // in the lab may change phase between two reads, so compare until both agree.
  await eventually(
    async () => {
      const response = await invoke();
      if (response.status() !== 200) return undefined;
      const { output } = await response.json();
      expect(output.entityRef).toBe('component:default/rollout-demo');
      expect(output.errors).toEqual([]);
      expect(
        output.items.map((i: any) => [i.cluster, i.namespace, i.name, i.found]),
      ).toEqual([
        ['kurator-member1', 'webapp', 'backend', true],
        ['kurator-member2', 'webapp', 'backend', true],
      ]);
      for (const item of output.items) {
        const canary = await adminGet<any>(
          labCluster(item.cluster),
          '/apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend',
        );
        if (item.state.phase !== canary.status.phase) return undefined;
        expect(item.kurator.policyName).toBe(
          canary.metadata.annotations['kurator.dev/rollout'],
        );
        expect(item.state.weight.status).toBe(canary.status.canaryWeight ?? 0);
      }
      return true;
    },
    90_000,
    'the action to answer the phases the lab clusters hold',
  );
});

test('refuses anonymous callers and names the field of bad input', async ({
  request,
}) => {
  const anonymous = await request.post(
    `${actionsApi}/canary:get-entity-rollouts/invoke`,
    { data: { entityRef: 'component:default/rollout-demo' } },
  );
  expect(anonymous.status()).toBe(401);

  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  const bad = await request.post(
    `${actionsApi}/canary:get-entity-rollouts/invoke`,
    { headers, data: { entityRef: 'rollout demo!' } },
  );
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toBe(
    'Field entityRef must be an entity ref like component:default/my-service, got "rollout demo!"',
  );
});
