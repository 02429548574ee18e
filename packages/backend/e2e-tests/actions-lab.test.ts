import { expect, test, type APIResponse } from '@playwright/test';
import {
  adminGet,
  adminPatch,
  eventually,
  labCluster,
  labRolloutImage,
  labTiming,
  stepLog,
} from './lab';
import { backend, backendUp, GuestApi } from './guestApi';
import {
  canaryPolicyCreatePermission,
  ROLLOUT_ACTIONS,
  type RolloutAction,
  rolloutActionPermission,
} from '@backstage-canary/plugin-canary-common';

// Rollout actions through the real backend against the fleet lab: every action on a Kurator-managed
// canary (rollout-kuma-demo) and on a native one (podinfo) is checked against what the clusters hold,
// read as their admin; a denied user changes nothing; racing actions; and every route answers
// 401 without credentials, 403 naming the permission when denied, and 2xx when allowed.
// The example permission policy lets the owners of an entity act on its rollouts: the guest owns
// rollout-kuma-demo and podinfo, but not checkout (owned by group:default/team-shop).
// Every test leaves its canaries settled: not paused, no run in progress.
const SETTLED_PHASES = ['Succeeded', 'Initialized'];

type Target = {
  entity: string;
  cluster: string;
  namespace: string;
  name: string;
};
const KUMA: Target = {
  entity: 'rollout-kuma-demo',
  cluster: 'kurator-member1',
  namespace: 'kuma-demo',
  name: 'backend',
};
const PODINFO: Target = {
  entity: 'podinfo',
  cluster: 'kurator-member1',
  namespace: 'test',
  name: 'podinfo',
};
const CHECKOUT: Target = {
  entity: 'checkout',
  cluster: 'kurator-member1',
  namespace: 'shop',
  name: 'checkout',
};
const MEMBERS = ['kurator-member1', 'kurator-member2'];
const KUMA_APPLICATION =
  '/apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-kuma-demo';
const RESTARTED_AT = 'kubectl.kubernetes.io/restartedAt';

const entityUrl = (entity: string) =>
  `${backend}/api/canary/entities/component/default/${entity}`;
const rolloutUrl = (t: Target) =>
  `${entityUrl(t.entity)}/rollouts/${t.cluster}/${t.namespace}/${t.name}`;
const canaryPath = (t: { namespace: string; name: string }) =>
  `/apis/flagger.app/v1beta1/namespaces/${t.namespace}/canaries/${t.name}`;
const deploymentPath = (namespace: string, name: string) =>
  `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
const canaryOn = (cluster: string, t: Target) =>
  adminGet<any>(labCluster(cluster), canaryPath(t));
const kuratorPolicy = async () =>
  (await adminGet<any>(labCluster('host'), KUMA_APPLICATION)).spec
    .syncPolicies[0].rollout.rolloutPolicy;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * The Canary API as the guest (or without credentials). The shared backend restarts when its files
 * change: a request that fails to connect is sent again (twice at most) once the backend answers.
 */
class CanaryApi extends GuestApi {
  get(url: string, auth?: 'guest' | 'none') {
    return this.send('GET', url, { auth });
  }

  post(url: string, data: unknown, auth?: 'guest' | 'none') {
    return this.send('POST', url, { data, auth });
  }

  action(
    t: Target,
    action: RolloutAction,
    reason: string,
    auth?: 'guest' | 'none',
  ) {
    return this.post(`${rolloutUrl(t)}/actions/${action}`, { reason }, auth);
  }

  /**
   * An action expected to succeed. Other writers of the same objects (the lab's engines writing
   * status, another test changing the Application's policy) can make its resourceVersion
   * precondition fail: a 409 of that kind is retried, as a user would after reviewing the state.
   */
  async actOk(t: Target, action: RolloutAction, reason: string) {
    for (let attempt = 0; ; attempt++) {
      const response = await this.action(t, action, reason);
      if (
        response.status() === 409 &&
        attempt < 4 &&
        /changed while the action was decided/.test(await response.text())
      ) {
        await sleep(300);
        continue;
      }
      expect(response.status(), await response.text()).toBe(200);
      return response.json();
    }
  }
}

/** Waits until a canary has no run in progress and is not paused. */
function settled(cluster: string, t: Target, phases = SETTLED_PHASES) {
  return eventually(
    async () => {
      const canary = await canaryOn(cluster, t);
      return phases.includes(canary.status?.phase) && !canary.spec.suspend
        ? canary
        : undefined;
    },
    150_000,
    `${cluster} ${t.namespace}/${t.name} to be settled (${phases.join(
      ' or ',
    )}, not paused)`,
  );
}

function phaseIs(
  cluster: string,
  t: Target,
  phase: string,
  timeoutMs = 90_000,
) {
  return eventually(
    async () => {
      const canary = await canaryOn(cluster, t);
      return canary.status?.phase === phase ? canary : undefined;
    },
    timeoutMs,
    `${cluster} ${t.namespace}/${t.name} to be ${phase}`,
  );
}

function suspendIs(cluster: string, t: Target, value: boolean) {
  return eventually(
    async () =>
      ((await canaryOn(cluster, t)).spec.suspend === true) === value ||
      undefined,
    30_000,
    `${cluster} ${t.namespace}/${t.name} to have suspend=${value}`,
  );
}

/**
 * Triggers a rollout as the lab's rollout scenario does: a new image of the canary's workload on
 * each given member (every member of the policy for a Kurator Application).
 */
async function labRollout(
  t: Target,
  clusters: string[],
  variant: 'healthy' | 'faulty' = 'healthy',
) {
  for (const cluster of clusters) {
    await labRolloutImage(labCluster(cluster), t.namespace, t.name, variant);
  }
}

/** The image of a canary's workload on a member. */
async function imageOf(cluster: string, t: Target): Promise<string> {
  const deployment = await adminGet<any>(
    labCluster(cluster),
    deploymentPath(t.namespace, t.name),
  );
  return deployment.spec.template.spec.containers[0].image;
}

/**
 * Rolls out a healthy revision and promotes its run while the analysis is running. Should the run
 * end before the promote arrives (the shared backend restarting in between), once more.
 */
async function promoteAHealthyRun(
  api: CanaryApi,
  t: Target,
  clusters: string[],
  reason: string,
) {
  for (let attempt = 0; ; attempt++) {
    await labRollout(t, clusters);
    const running = await phaseIs(t.cluster, t, 'Progressing', 60_000);
    try {
      return { running, promote: await api.actOk(t, 'promote', reason) };
    } catch (error) {
      if (attempt > 0 || !/No run to act on/.test(String(error))) throw error;
      console.log(`The run ended before the promote arrived: once more`);
      await settled(t.cluster, t, ['Succeeded']);
    }
  }
}

/** The 409 an action answers when the canary cannot do it, with why and how to enable it. */
async function expectImpossible(response: APIResponse, ...patterns: RegExp[]) {
  expect(response.status(), await response.text()).toBe(409);
  const { message } = (await response.json()).error;
  for (const pattern of patterns) expect(message).toMatch(pattern);
}

/**
 * The catalog picks up checkout's owner (team-shop) a little after a backend restart; nothing is
 * sent as a denied user before it has, so a stale owner can never let a "denied" action through.
 */
async function checkoutOwnedByTeamShop(api: CanaryApi) {
  await eventually(
    async () => {
      const r = await api.get(
        `${backend}/api/catalog/entities/by-name/component/default/checkout`,
      );
      return r.ok() && (await r.json()).spec.owner === 'team-shop'
        ? true
        : undefined;
    },
    120_000,
    'the catalog to show component:default/checkout owned by team-shop',
  );
}

// The tests run one after another (one worker) and each leaves its canaries settled.
test.beforeAll(async ({ request }) => {
  test.setTimeout(150_000);
  await backendUp(request);
  const api = new CanaryApi(request);
  for (const entity of [KUMA.entity, PODINFO.entity]) {
    await eventually(
      async () =>
        (await api.get(`${entityUrl(entity)}/rollouts`)).ok()
          ? true
          : undefined,
      60_000,
      `the catalog to know ${entity}`,
    );
  }
});

test('Kurator-managed canary: each action goes to the Application rollout policy and reaches every member', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const api = new CanaryApi(request);
  const host = labCluster('host');
  const step = stepLog('kurator');
  for (const member of MEMBERS) await settled(member, KUMA);
  step('settled');
  const original = await kuratorPolicy();
  expect(original.suspend).not.toBe(true);
  expect(original.skipTrafficAnalysis).not.toBe(true);
  let skipLeftOn: boolean | undefined;

  try {
    // Pause: the policy's suspend, for every cluster of the policy; repeating it changes nothing.
    const pause = await api.actOk(KUMA, 'pause', 'e2e: pause the kuma fleet');
    expect(pause).toMatchObject({
      action: 'pause',
      route: 'application-policy-patch',
      changed: true,
    });
    expect(pause.affects.map((a: any) => a.cluster)).toEqual(MEMBERS);
    expect(pause.message).toMatch(/every cluster of the policy \(2\)/);
    expect((await kuratorPolicy()).suspend).toBe(true);
    for (const member of MEMBERS) await suspendIs(member, KUMA, true);
    const again = await api.actOk(KUMA, 'pause', 'e2e: pause again');
    expect(again).toMatchObject({ changed: false, affects: [] });

    // The pause survives Kurator's resync, which re-renders the members' canaries from the
    // Application: a marker annotation that Kurator drops shows a re-render has happened.
    const { kuratorResyncSeconds } = labTiming();
    const marker = 'e2e.backstage-canary.io/resync-marker';
    const markedAt = Date.now();
    for (const member of MEMBERS) {
      await adminPatch(labCluster(member), canaryPath(KUMA), {
        metadata: { annotations: { [marker]: String(markedAt) } },
      });
    }
    for (const member of MEMBERS) {
      await eventually(
        async () =>
          (await canaryOn(member, KUMA)).metadata.annotations?.[marker] ===
            undefined || undefined,
        Math.max(30_000, kuratorResyncSeconds * 4_000),
        `Kurator to re-render ${member}'s canary`,
      );
    }
    console.log(
      `Kurator re-rendered both members ${
        Date.now() - markedAt
      } ms after the marker (resync ${kuratorResyncSeconds} s)`,
    );
    for (const member of MEMBERS) {
      expect((await canaryOn(member, KUMA)).spec.suspend).toBe(true);
    }

    // Resume: suspend cleared on the policy and both members; repeating it changes nothing.
    const resume = await api.actOk(
      KUMA,
      'resume',
      'e2e: resume the kuma fleet',
    );
    expect(resume).toMatchObject({
      route: 'application-policy-patch',
      changed: true,
    });
    expect(resume.affects.map((a: any) => a.cluster)).toEqual(MEMBERS);
    expect((await kuratorPolicy()).suspend).toBe(false);
    for (const member of MEMBERS) await suspendIs(member, KUMA, false);
    expect(await api.actOk(KUMA, 'resume', 'e2e: resume again')).toMatchObject({
      changed: false,
    });

    // A faulty revision: while it runs, approve answers why not and what to do instead (a Kurator
    // abort reverts the workloads: kurator-abort.test.ts).
    step('paused, resync survived, resumed');
    await labRollout(KUMA, MEMBERS, 'faulty');
    const faultyImage = await imageOf(KUMA.cluster, KUMA);
    step('faulty rollout triggered');
    await phaseIs(KUMA.cluster, KUMA, 'Progressing', 60_000);
    await expectImpossible(
      await api.action(KUMA, 'approve', 'e2e: approve the kuma run'),
      /Kurator cannot express confirm gates/,
      /Use promote/,
    );
    const failed = await phaseIs(KUMA.cluster, KUMA, 'Failed');
    step('member1 failed');
    await phaseIs('kurator-member2', KUMA, 'Failed');

    // Retry: a pod-template annotation on the member's workload starts a new run.
    const retry = await api.actOk(KUMA, 'retry', 'e2e: retry the kuma run');
    expect(retry).toMatchObject({
      route: 'pod-template-annotation',
      changed: true,
      affects: [
        { cluster: KUMA.cluster, namespace: KUMA.namespace, name: KUMA.name },
      ],
    });
    const deployment = await adminGet<any>(
      labCluster(KUMA.cluster),
      deploymentPath(KUMA.namespace, 'backend'),
    );
    expect(
      deployment.spec.template.metadata.annotations?.[RESTARTED_AT],
    ).toBeTruthy();
    await eventually(
      async () => {
        const canary = await canaryOn(KUMA.cluster, KUMA);
        return canary.status?.phase === 'Progressing' &&
          canary.status.lastAppliedSpec !== failed.status.lastAppliedSpec
          ? canary
          : undefined;
      },
      60_000,
      'the retried revision to start a new run',
    );

    // The same (faulty) image: the analysis of the current revision restarts.
    expect(await imageOf(KUMA.cluster, KUMA)).toBe(faultyImage);
    step('retried run started');
    // The retried revision is still the faulty one: its new run fails again.
    await phaseIs(KUMA.cluster, KUMA, 'Failed');
    step('retried run failed');

    // Promote during the running analysis of a healthy revision: skipTrafficAnalysis on the
    // policy, and the run finishes on every member.
    const { running, promote } = await promoteAHealthyRun(
      api,
      KUMA,
      MEMBERS,
      'e2e: promote the kuma run',
    );
    step('healthy run promoted');
    expect(promote).toMatchObject({
      route: 'application-policy-patch',
      changed: true,
    });
    expect(promote.affects.map((a: any) => a.cluster)).toEqual(MEMBERS);
    expect((await kuratorPolicy()).skipTrafficAnalysis).toBe(true);
    for (const member of MEMBERS) {
      const promoted = await phaseIs(member, KUMA, 'Succeeded', 60_000);
      if (member === KUMA.cluster) {
        expect(promoted.status.lastPromotedSpec).toBe(
          running.status.lastAppliedSpec,
        );
      }
    }
    step('promoted');
    // The promote's follow-up: once the run is Succeeded, skipTrafficAnalysis is cleared again,
    // otherwise every later revision of the fleet skips its analysis.
    skipLeftOn = await eventually(
      async () =>
        (await kuratorPolicy()).skipTrafficAnalysis ? undefined : false,
      // The backend clears it when its recorder sees the run end (seconds; longer after a restart).
      45_000,
      'skipTrafficAnalysis to be cleared',
    ).catch(() => true);
  } finally {
    // The policy's original flags, a healthy image where a failure above left the faulty one,
    // and both members settled.
    step('restoring');
    const policy = await kuratorPolicy();
    const operations = (['suspend', 'skipTrafficAnalysis'] as const)
      .filter(field => policy[field] !== original[field])
      .map(field =>
        original[field] === undefined
          ? {
              op: 'remove',
              path: `/spec/syncPolicies/0/rollout/rolloutPolicy/${field}`,
            }
          : {
              op: 'replace',
              path: `/spec/syncPolicies/0/rollout/rolloutPolicy/${field}`,
              value: original[field],
            },
      );
    if (operations.length) await adminPatch(host, KUMA_APPLICATION, operations);
    for (const member of MEMBERS) {
      if ((await imageOf(member, KUMA)).includes('-faulty')) {
        await labRollout(KUMA, [member]);
      }
    }
    for (const member of MEMBERS) await settled(member, KUMA, ['Succeeded']);
    step(`restored ${JSON.stringify(operations)}`);
  }
  expect(
    skipLeftOn,
    'after promote, the Application policy still has skipTrafficAnalysis: true once the run Succeeded',
  ).toBe(false);
});

test('native canary: each action patches the Canary or its workload and reaches its end state', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const api = new CanaryApi(request);
  const step = stepLog('native');
  const cluster = labCluster(PODINFO.cluster);
  // The gates tests also roll podinfo out and may leave it Failed after their abort.
  const before = await settled(PODINFO.cluster, PODINFO, [
    ...SETTLED_PHASES,
    'Failed',
  ]);
  const hooks = (before.spec.analysis.webhooks ?? []).map((h: any) => h.url);
  expect(
    hooks.filter((url: string) => url.includes('/api/canary/gates/')),
    'podinfo is not wired to the backend gates here (gates.test.ts wires and unwires them)',
  ).toEqual([]);
  let skipLeftOn: boolean | undefined;
  step('settled');

  try {
    // Pause and resume: spec.suspend of this Canary only; repeating either changes nothing.
    const pause = await api.actOk(PODINFO, 'pause', 'e2e: pause podinfo');
    expect(pause).toMatchObject({
      route: 'canary-patch',
      changed: true,
      affects: [
        { cluster: PODINFO.cluster, namespace: 'test', name: 'podinfo' },
      ],
    });
    expect((await canaryOn(PODINFO.cluster, PODINFO)).spec.suspend).toBe(true);
    expect(await api.actOk(PODINFO, 'pause', 'e2e: pause again')).toMatchObject(
      {
        changed: false,
      },
    );
    const resume = await api.actOk(PODINFO, 'resume', 'e2e: resume podinfo');
    expect(resume).toMatchObject({ route: 'canary-patch', changed: true });
    expect((await canaryOn(PODINFO.cluster, PODINFO)).spec.suspend).toBe(false);
    expect(
      await api.actOk(PODINFO, 'resume', 'e2e: resume again'),
    ).toMatchObject({
      changed: false,
    });

    // A faulty revision: podinfo has no gate webhooks, so approve and abort say how to enable them.
    step('paused and resumed');
    await labRollout(PODINFO, [PODINFO.cluster], 'faulty');
    const faultyImage = await imageOf(PODINFO.cluster, PODINFO);
    step('faulty rollout triggered');
    await phaseIs(PODINFO.cluster, PODINFO, 'Progressing', 60_000);
    await expectImpossible(
      await api.action(PODINFO, 'approve', 'e2e: approve podinfo'),
      /no confirm-traffic-increase webhook/,
      /\/api\/canary\/gates\/<cluster>\/confirm-traffic-increase/,
    );
    await expectImpossible(
      await api.action(PODINFO, 'abort', 'e2e: abort podinfo'),
      /no rollback webhook/,
      /Add a webhook of type rollback/,
    );
    const failed = await phaseIs(PODINFO.cluster, PODINFO, 'Failed');
    step('failed');

    // Retry: restartedAt on the Deployment's pod template starts a new run of that revision.
    const retry = await api.actOk(PODINFO, 'retry', 'e2e: retry podinfo');
    expect(retry).toMatchObject({
      route: 'pod-template-annotation',
      changed: true,
    });
    const deployment = await adminGet<any>(
      cluster,
      deploymentPath('test', 'podinfo'),
    );
    expect(
      deployment.spec.template.metadata.annotations?.[RESTARTED_AT],
    ).toBeTruthy();
    await eventually(
      async () => {
        const canary = await canaryOn(PODINFO.cluster, PODINFO);
        return canary.status?.phase === 'Progressing' &&
          canary.status.lastAppliedSpec !== failed.status.lastAppliedSpec
          ? canary
          : undefined;
      },
      60_000,
      'the retried revision to start a new run',
    );
    // The same (faulty) image: the analysis of the current revision restarts.
    expect(await imageOf(PODINFO.cluster, PODINFO)).toBe(faultyImage);
    step('retried run started');
    // The retried revision is still the faulty one: its new run fails again.
    await phaseIs(PODINFO.cluster, PODINFO, 'Failed');
    step('retried run failed');

    // Promote during the running analysis of a healthy revision: spec.skipAnalysis; the run
    // finishes.
    const { running, promote } = await promoteAHealthyRun(
      api,
      PODINFO,
      [PODINFO.cluster],
      'e2e: promote podinfo',
    );
    step('healthy run promoted');
    expect(promote).toMatchObject({ route: 'canary-patch', changed: true });
    expect((await canaryOn(PODINFO.cluster, PODINFO)).spec.skipAnalysis).toBe(
      true,
    );
    const promoted = await phaseIs(
      PODINFO.cluster,
      PODINFO,
      'Succeeded',
      60_000,
    );
    expect(promoted.status.lastPromotedSpec).toBe(
      running.status.lastAppliedSpec,
    );
    step('promoted');
    // The promote's follow-up: once the run is Succeeded, spec.skipAnalysis is cleared again,
    // otherwise every later revision skips its analysis.
    skipLeftOn = await eventually(
      async () =>
        (
          await canaryOn(PODINFO.cluster, PODINFO)
        ).spec.skipAnalysis
          ? undefined
          : false,
      // The backend clears it when its recorder sees the run end (seconds; longer after a restart).
      45_000,
      'spec.skipAnalysis to be cleared',
    ).catch(() => true);

    // The action log is returned by the timeline, newest first.
    const timeline = await api.get(
      `${rolloutUrl(PODINFO)}/timeline?kind=action&limit=10`,
    );
    expect(timeline.status()).toBe(200);
    // This test's entries (not the backend's own follow-ups); a retried conflict is logged too (as
    // failed): count each reason once.
    const reasons = (await timeline.json()).items
      .map((i: any) => i.reason)
      .filter((r?: string) => r?.startsWith('e2e: '))
      .filter((r: string, i: number, all: string[]) => r !== all[i - 1]);
    expect(reasons.slice(0, 2)).toEqual([
      'e2e: promote podinfo',
      'e2e: retry podinfo',
    ]);
  } finally {
    // The original skipAnalysis, a healthy image where a failure above left the faulty one, and
    // podinfo settled.
    step('restoring');
    const now = await canaryOn(PODINFO.cluster, PODINFO);
    if (now.spec.skipAnalysis !== before.spec.skipAnalysis) {
      await adminPatch(cluster, canaryPath(PODINFO), {
        spec: { skipAnalysis: before.spec.skipAnalysis ?? null },
      });
    }
    if ((await imageOf(PODINFO.cluster, PODINFO)).includes('-faulty')) {
      await labRollout(PODINFO, [PODINFO.cluster]);
    }
    await settled(PODINFO.cluster, PODINFO, ['Succeeded']);
    step('restored');
  }
  expect(
    skipLeftOn,
    'after promote, the Canary still has spec.skipAnalysis: true once the run Succeeded',
  ).toBe(false);
});

test('racing actions: of two pauses decided on the same state one wins, the other gets 409 with the current state', async ({
  request,
}) => {
  test.setTimeout(120_000);
  const api = new CanaryApi(request);
  await settled(PODINFO.cluster, PODINFO);
  let conflicts = 0;
  try {
    // Both requests read the same resourceVersion; the second write fails its precondition. If the
    // backend happens to serialise them, the later one sees the pause and changes nothing instead.
    for (let round = 0; round < 3 && conflicts === 0; round++) {
      const answers = await Promise.all(
        ['a', 'b'].map(who =>
          api.action(PODINFO, 'pause', `e2e: racing pause ${who}`),
        ),
      );
      const bodies = await Promise.all(answers.map(a => a.json()));
      const winners = bodies.filter(b => b.changed === true);
      expect(winners, JSON.stringify(bodies)).toHaveLength(1);
      const loser = bodies.find(b => b.changed !== true);
      if (answers.some(a => a.status() === 409)) {
        conflicts++;
        expect(loser.error.message).toMatch(
          /the object changed while the action was decided; nothing was applied\. It is now at resourceVersion \d+, phase \w+, paused\./,
        );
      } else {
        expect(loser).toMatchObject({ changed: false });
      }
      expect((await canaryOn(PODINFO.cluster, PODINFO)).spec.suspend).toBe(
        true,
      );
      await api.actOk(PODINFO, 'resume', 'e2e: resume after the race');
    }
    expect(conflicts, 'a race decided on the same state ends in a 409').toBe(1);
  } finally {
    if ((await canaryOn(PODINFO.cluster, PODINFO)).spec.suspend) {
      await api.actOk(PODINFO, 'resume', 'e2e: resume after the race');
    }
  }
  await settled(PODINFO.cluster, PODINFO);
});

test('a denied user changes nothing: every action on checkout answers 403 naming its permission', async ({
  request,
}) => {
  test.setTimeout(150_000);
  const api = new CanaryApi(request);
  await checkoutOwnedByTeamShop(api);
  const cluster = labCluster(CHECKOUT.cluster);
  // Another test may be rolling checkout out: compare only while nothing runs.
  const canaryBefore = await settled(CHECKOUT.cluster, CHECKOUT, [
    ...SETTLED_PHASES,
    'Failed',
  ]);
  const deploymentBefore = await adminGet<any>(
    cluster,
    deploymentPath('shop', 'checkout'),
  );
  for (const action of ROLLOUT_ACTIONS) {
    const response = await api.action(
      CHECKOUT,
      action,
      `e2e: denied ${action}`,
    );
    expect(response.status(), `${action}: ${await response.text()}`).toBe(403);
    expect((await response.json()).error.message).toContain(
      rolloutActionPermission(action).name,
    );
  }
  const canaryAfter = await adminGet<any>(cluster, canaryPath(CHECKOUT));
  const deploymentAfter = await adminGet<any>(
    cluster,
    deploymentPath('shop', 'checkout'),
  );
  expect(canaryAfter.metadata.resourceVersion).toBe(
    canaryBefore.metadata.resourceVersion,
  );
  expect(deploymentAfter.metadata.resourceVersion).toBe(
    deploymentBefore.metadata.resourceVersion,
  );
});

// Every route x {no credentials, denied, allowed}. The example policy denies no one reads, so the
// read routes (and validate, preview and dry-run, which only read) answer {401, 2xx} only; the
// "denied" column of those rows checks that a non-owner may read (2xx).
type Row = {
  route: string;
  method: 'GET' | 'POST';
  url: (t: Target) => string;
  /** The request body for a target (a policy request is built from the entity's own policy). */
  body?: (t: Target, api: CanaryApi) => Promise<unknown>;
  /** The permission a non-owner is denied; none for reads. */
  permission?: string;
  /** What the owner gets, when it is not a plain 2xx. */
  allowed?: (response: APIResponse) => Promise<void>;
};

async function currentPolicy(t: Target, api: CanaryApi) {
  const response = await api.get(`${entityUrl(t.entity)}/policy`);
  expect(response.status()).toBe(200);
  return (await response.json()).items[0].policy;
}

const policyBody = async (t: Target, api: CanaryApi) => ({
  target: 'flagger',
  policy: await currentPolicy(t, api),
});

const READ_ROWS: Row[] = [
  {
    route: 'GET rollouts',
    method: 'GET',
    url: t => `${entityUrl(t.entity)}/rollouts`,
  },
  { route: 'GET detail', method: 'GET', url: rolloutUrl },
  { route: 'GET runs', method: 'GET', url: t => `${rolloutUrl(t)}/runs` },
  {
    route: 'GET timeline',
    method: 'GET',
    url: t => `${rolloutUrl(t)}/timeline`,
  },
  { route: 'GET metrics', method: 'GET', url: t => `${rolloutUrl(t)}/metrics` },
  { route: 'GET gates', method: 'GET', url: t => `${rolloutUrl(t)}/gates` },
  {
    route: 'GET inbox',
    method: 'GET',
    url: () => `${backend}/api/canary/inbox`,
  },
  {
    route: 'GET policy',
    method: 'GET',
    url: t => `${entityUrl(t.entity)}/policy`,
  },
  {
    route: 'POST policy/validate',
    method: 'POST',
    url: t => `${entityUrl(t.entity)}/policy/validate`,
    body: policyBody,
  },
];

const CHANGE_ROWS: Row[] = [
  // Preview and dry-run render and send dry-run writes to the clusters: they need the permission
  // to create a policy, like apply.
  ...(['preview', 'dry-run'] as const).map(
    (step): Row => ({
      route: `POST policy/${step}`,
      method: 'POST',
      url: t => `${entityUrl(t.entity)}/policy/${step}`,
      body: policyBody,
      permission: canaryPolicyCreatePermission.name,
    }),
  ),
  {
    route: 'POST policy/apply',
    method: 'POST',
    url: t => `${entityUrl(t.entity)}/policy/apply`,
    // Nothing is applied: the policy is invalid (stepWeight 0). The permission is checked first, so
    // a non-owner gets 403 and the owner gets past it to the field-level 400.
    body: async (t, api) => {
      const policy = await currentPolicy(t, api);
      return {
        target: 'flagger',
        policy: { ...policy, traffic: { ...policy.traffic, stepWeight: 0 } },
        reason: 'e2e: never applied',
      };
    },
    permission: canaryPolicyCreatePermission.name,
    allowed: async response => {
      expect(response.status(), await response.text()).toBe(400);
      expect((await response.json()).issues).toContainEqual(
        expect.objectContaining({
          path: 'traffic.stepWeight',
          severity: 'error',
        }),
      );
    },
  },
  ...ROLLOUT_ACTIONS.map(
    (action): Row => ({
      route: `POST actions/${action}`,
      method: 'POST',
      url: t => `${rolloutUrl(t)}/actions/${action}`,
      body: async () => ({ reason: `e2e: table ${action}` }),
      permission: rolloutActionPermission(action).name,
      allowed: async response => {
        // podinfo is settled: pause changes it (resumed right after), resume and approve have
        // nothing to do, and promote, abort and retry say why not now. Their 2xx answers on a
        // running or failed canary are asserted by the native canary test above.
        const body = await response.json();
        if (action === 'pause') expect(body).toMatchObject({ changed: true });
        else if (action === 'resume' || action === 'approve')
          expect(body).toMatchObject({ changed: false });
        else {
          expect(response.status(), JSON.stringify(body)).toBe(409);
          expect(body.error.message).toMatch(/Cannot \w+ test\/podinfo/);
        }
      },
    }),
  ),
];

test('every route answers 401 without credentials, 403 naming the permission when denied, 2xx when allowed', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const api = new CanaryApi(request);
  await checkoutOwnedByTeamShop(api);
  await settled(PODINFO.cluster, PODINFO);
  const send = async (row: Row, t: Target, auth: 'guest' | 'none') =>
    api.send(row.method, row.url(t), {
      data: row.body ? await row.body(t, api) : undefined,
      auth,
    });
  const missing: string[] = [];
  try {
    for (const row of [...READ_ROWS, ...CHANGE_ROWS]) {
      const owner = await send(row, PODINFO, 'guest');
      // A route the backend does not have yet answers an empty 404 (its own 404s have a body).
      if (owner.status() === 404 && (await owner.text()) === '') {
        console.log(`SKIPPED ${row.route}: the backend has no such route yet`);
        missing.push(row.route);
        continue;
      }
      if (row.allowed) await row.allowed(owner);
      else expect(owner.status(), `${row.route} as the owner`).toBe(200);
      if (row.route === 'POST actions/pause') {
        await api.actOk(PODINFO, 'resume', 'e2e: table resume');
      }

      const anonymous = await send(row, PODINFO, 'none');
      expect(anonymous.status(), `${row.route} without credentials`).toBe(401);

      const nonOwner = await send(row, CHECKOUT, 'guest');
      if (row.permission) {
        expect(nonOwner.status(), `${row.route} as a non-owner`).toBe(403);
        expect((await nonOwner.json()).error.message).toContain(row.permission);
      } else {
        expect(nonOwner.status(), `${row.route} read by a non-owner`).toBe(200);
      }
    }
  } finally {
    if ((await canaryOn(PODINFO.cluster, PODINFO)).spec.suspend) {
      await api.actOk(PODINFO, 'resume', 'e2e: table resume');
    }
  }
  if (missing.length) {
    test.info().annotations.push({
      type: 'routes not served yet',
      description: missing.join(', '),
    });
  }
});
