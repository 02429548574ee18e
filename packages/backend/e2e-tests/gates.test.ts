import fs from 'fs';
import path from 'path';
import {
  expect,
  test,
  type APIRequestContext,
  type APIResponse,
} from '@playwright/test';
import { flaggerCanaryChecksum } from '@backstage-canary/plugin-canary-common';
import { adminGet, adminPatch, eventually, labCluster } from './lab';

// Flagger gate webhooks served by the backend, driven by the lab's Flagger engine: the native canary
// podinfo is wired to the backend's confirm-promotion and rollback gates, waits at the gate, is
// approved through the Canary API, and waits again for the next revision (the approval was spent).
// The shared backend may restart while this runs (it reloads on source changes): Flagger retries a
// gate every analysis interval, and the test retries its own calls while the backend is away.
const backend = 'http://localhost:7007';
const member = 'kurator-member1';
const canaryPath = '/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo';
const deploymentPath = '/apis/apps/v1/namespaces/test/deployments/podinfo';
const rollout = `${backend}/api/canary/entities/component/default/podinfo/rollouts/${member}/test/podinfo`;
const root = path.resolve(__dirname, '../../..');
const SETTLED = ['Succeeded', 'Initialized', 'Failed'];

/** The member's gate token, as scripts/lab-app-config.mjs wrote it for the running backend. */
function gateToken(): string {
  const stateDir = process.env.CANARY_LAB_STATE_DIR ?? path.join(root, '.lab');
  const text = fs.readFileSync(
    path.join(stateDir, 'app-config.lab.yaml'),
    'utf8',
  );
  // The file is JSON behind a comment line.
  const config = JSON.parse(text.slice(text.indexOf('{')));
  return config.canary.gates.clusters[member].token;
}

/** The next tag of an image, as `yarn lab rollout` picks it (6.7.1 -> 6.7.2). */
function nextImage(image: string): string {
  const at = image.lastIndexOf(':');
  const repo = at > image.lastIndexOf('/') ? image.slice(0, at) : image;
  const tag = repo === image ? 'latest' : image.slice(at + 1);
  const base = tag.replace(/-(faulty|slow|stuck)(-\d+)?$/, '');
  const m = /^(.*?)(\d+)([^\d]*)$/.exec(base);
  return `${repo}:${m ? `${m[1]}${Number(m[2]) + 1}${m[3]}` : `${base}-1`}`;
}

/** podinfo once no run is on and it is not paused: other tests roll it out and pause it too. */
function settledPodinfo(): Promise<any> {
  return eventually(
    async () => {
      const canary = await adminGet<any>(labCluster(member), canaryPath);
      return !canary.spec.suspend && SETTLED.includes(canary.status?.phase)
        ? canary
        : undefined;
    },
    60_000,
    'podinfo to settle',
  );
}

/** A new revision of podinfo: a new image of its Deployment, as `yarn lab rollout podinfo` does. */
async function labRollout() {
  const cluster = labCluster(member);
  const deployment = await adminGet<any>(cluster, deploymentPath);
  const from: string = deployment.spec.template.spec.containers[0].image;
  const imagePath = '/spec/template/spec/containers/0/image';
  await adminPatch(cluster, deploymentPath, [
    { op: 'test', path: imagePath, value: from },
    { op: 'replace', path: imagePath, value: nextImage(from) },
  ]);
}

/**
 * The guest's calls to the backend, sent again while the backend is away: restarting (no answer,
 * a 5xx), or just back and not yet verifying tokens (a 401, also when the guest token was issued
 * before the restart). After `timeoutMs` the last answer is returned for the test to check.
 */
function guestCalls(request: APIRequestContext, timeoutMs = 90_000) {
  let headers: Record<string, string> | undefined;
  const refresh = async () => {
    const response = await request.get(
      `${backend}/api/auth/guest/refresh?optional&env=development`,
      { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    );
    if (!response.ok()) throw new Error(`guest refresh: ${response.status()}`);
    const token = (await response.json()).backstageIdentity.token;
    return { Authorization: `Bearer ${token}` };
  };
  return async (
    send: (auth: Record<string, string>) => Promise<APIResponse>,
  ): Promise<APIResponse> => {
    const deadline = Date.now() + timeoutMs;
    let last: APIResponse | undefined;
    let error: unknown;
    while (Date.now() < deadline) {
      try {
        headers ??= await refresh();
        last = await send(headers);
        if (last.status() < 500 && last.status() !== 401) return last;
        if (last.status() === 401) headers = undefined;
      } catch (e) {
        error = e;
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    if (last) return last;
    throw error;
  };
}

test('an approval at the backend gate promotes one revision only, and abort rolls back', async ({
  request,
}) => {
  test.setTimeout(180_000);
  const cluster = labCluster(member);
  const canaryNow = () => adminGet<any>(cluster, canaryPath);
  const phaseIs = (phase: string) => async () => {
    const canary = await canaryNow();
    return canary.status?.phase === phase ? canary : undefined;
  };
  const original = await settledPodinfo();
  const { stepWeight = null } = original.spec.analysis;
  // podinfo's own webhooks (without gates a crashed earlier run may have left), restored at the end.
  const webhooks = (original.spec.analysis.webhooks ?? []).filter(
    (hook: { url?: string }) => !hook.url?.includes('/api/canary/gates/'),
  );
  const token = gateToken();
  const gates = `${backend}/api/canary/gates/${member}`;
  // Two weight steps to maxWeight (instead of ten) keep each run short; the gates are the same.
  await adminPatch(cluster, canaryPath, {
    spec: {
      analysis: {
        stepWeight: 25,
        webhooks: [
          ...webhooks,
          {
            name: 'backstage-promotion',
            type: 'confirm-promotion',
            url: `${gates}/confirm-promotion`,
            metadata: { token },
          },
          {
            name: 'backstage-rollback',
            type: 'rollback',
            url: `${gates}/rollback`,
            metadata: { token },
          },
        ],
      },
    },
  });
  try {
    const asGuest = guestCalls(request);
    // The gate refuses a caller without the token.
    const anonymous = await asGuest(() =>
      request.post(`${gates}/confirm-promotion`, {
        data: {
          name: 'podinfo',
          namespace: 'test',
          phase: 'Progressing',
          checksum: 'x',
        },
      }),
    );
    expect(anonymous.status()).toBe(403);
    expect((await anonymous.json()).error).toBe('no-token');

    /** The gate state the backend reports for podinfo, once `accept` takes it. */
    const gateState = (accept: (state: any) => boolean, what: string) =>
      eventually(
        async () => {
          const r = await asGuest(headers =>
            request.get(`${rollout}/gates`, { headers }),
          );
          const body = r.ok() ? await r.json() : undefined;
          return body && accept(body) ? body : undefined;
        },
        90_000,
        what,
      );

    // 1. A new revision runs its analysis and waits at the backend's confirm-promotion gate.
    await labRollout();
    const waiting = await eventually(
      phaseIs('WaitingPromotion'),
      90_000,
      'podinfo to wait for promotion',
    );
    const revision = flaggerCanaryChecksum(waiting.status);
    const state = await gateState(
      s => s.revision === revision && s.waiting,
      'the backend to record the gate call',
    );
    expect(state.waiting.gate).toBe('confirm-promotion');

    // 2. Approving through the API opens that gate for that revision: the run is promoted.
    const approve = await asGuest(headers =>
      request.post(`${rollout}/actions/approve`, {
        headers,
        data: { reason: 'e2e: promotion approved' },
      }),
    );
    expect(approve.status()).toBe(200);
    expect(await approve.json()).toMatchObject({
      action: 'approve',
      route: 'gate',
      changed: true,
      gate: { gate: 'confirm-promotion', revision },
    });
    await eventually(phaseIs('Succeeded'), 90_000, 'podinfo to be promoted');
    // Approving a canary that does not wait changes nothing.
    const idle = await asGuest(headers =>
      request.post(`${rollout}/actions/approve`, {
        headers,
        data: { reason: 'e2e: nothing waits' },
      }),
    );
    expect(idle.status()).toBe(200);
    expect(await idle.json()).toMatchObject({ changed: false });

    // 3. The next revision waits again: the approval was spent by the run it was given for.
    await labRollout();
    const next = await eventually(
      phaseIs('WaitingPromotion'),
      90_000,
      'the next revision to wait',
    );
    const nextRevision = flaggerCanaryChecksum(next.status);
    expect(nextRevision).not.toBe(revision);
    // Flagger asked the gate of the new revision again and again, and was refused each time.
    const refused = await gateState(
      s =>
        s.revision === nextRevision &&
        s.calls.some(
          (c: any) =>
            c.revision === nextRevision &&
            c.gate === 'confirm-promotion' &&
            !c.open &&
            c.calls >= 3,
        ),
      'Flagger to ask the gate of the next revision three times',
    );
    expect(refused.waiting.gate).toBe('confirm-promotion');
    expect((await canaryNow()).status.phase).toBe('WaitingPromotion');

    // 4. Abort through the backend's rollback gate rolls the run back.
    const abort = await asGuest(headers =>
      request.post(`${rollout}/actions/abort`, {
        headers,
        data: { reason: 'e2e: roll back' },
      }),
    );
    expect(abort.status()).toBe(200);
    expect(await abort.json()).toMatchObject({
      route: 'gate',
      changed: true,
      gate: { gate: 'rollback', revision: nextRevision },
    });
    const failed = await eventually(
      phaseIs('Failed'),
      90_000,
      'podinfo to roll back',
    );
    expect(failed.status.canaryWeight).toBe(0);
  } finally {
    await adminPatch(cluster, canaryPath, {
      spec: { analysis: { stepWeight, webhooks } },
    });
  }
});

test('an approval at the backend confirm-traffic-increase gate advances the run by one weight step', async ({
  request,
}) => {
  test.setTimeout(240_000);
  const cluster = labCluster(member);
  const canaryNow = () => adminGet<any>(cluster, canaryPath);
  const original = await settledPodinfo();
  const { stepWeight = null, maxWeight = null } = original.spec.analysis;
  const webhooks = (original.spec.analysis.webhooks ?? []).filter(
    (hook: { url?: string }) => !hook.url?.includes('/api/canary/gates/'),
  );
  const gates = `${backend}/api/canary/gates/${member}`;
  // Two weight steps, 25% and 50%, each behind the backend's confirm-traffic-increase gate.
  await adminPatch(cluster, canaryPath, {
    spec: {
      analysis: {
        stepWeight: 25,
        maxWeight: 50,
        webhooks: [
          ...webhooks,
          {
            name: 'backstage-step',
            type: 'confirm-traffic-increase',
            url: `${gates}/confirm-traffic-increase`,
            metadata: { token: gateToken() },
          },
        ],
      },
    },
  });
  try {
    const asGuest = guestCalls(request);
    /** The approve action the backend offers now, once it offers a step from `from`. */
    const stepOffered = (from: number) =>
      eventually(
        async () => {
          const r = await asGuest(headers => request.get(rollout, { headers }));
          const approve = r.ok()
            ? (await r.json()).rollout.actions.find(
                (a: any) => a.action === 'approve',
              )
            : undefined;
          return approve?.possible && approve.step?.from === from
            ? approve
            : undefined;
        },
        90_000,
        `the backend to offer a step from ${from}%`,
      );
    /** Flagger asked the gate for the current revision `times` more times, and was refused. */
    const refusedAgain = async (times: number) => {
      const count = async () => {
        const r = await asGuest(headers =>
          request.get(`${rollout}/gates`, { headers }),
        );
        const body = await r.json();
        const call = body.calls.find(
          (c: any) =>
            c.revision === body.revision &&
            c.gate === 'confirm-traffic-increase',
        );
        return call ? call.calls : 0;
      };
      const before = await count();
      await eventually(
        async () => ((await count()) >= before + times ? true : undefined),
        90_000,
        `Flagger to ask the step gate ${times} more times`,
      );
    };
    const approve = () =>
      asGuest(headers =>
        request.post(`${rollout}/actions/approve`, {
          headers,
          data: { reason: 'e2e: one step' },
        }),
      );

    await labRollout();
    // The run starts and waits at 0%: the first step is gated too.
    const first = await stepOffered(0);
    expect(first.step).toEqual({ from: 0, to: 25 });
    expect(first.effect).toContain("the canary's traffic goes from 0% to 25%");
    await refusedAgain(2);
    expect((await canaryNow()).status.canaryWeight).toBe(0);

    // One approval, one step: 25%, where the run waits again (the approval was spent).
    expect((await approve()).status()).toBe(200);
    const second = await stepOffered(25);
    expect(second.step).toEqual({ from: 25, to: 50 });
    await refusedAgain(2);
    const waiting = await canaryNow();
    expect(waiting.status).toMatchObject({
      phase: 'Progressing',
      canaryWeight: 25,
    });

    // The second step reaches maxWeight; the run then promotes.
    expect((await approve()).status()).toBe(200);
    await eventually(
      async () =>
        (await canaryNow()).status.phase === 'Succeeded' ? true : undefined,
      90_000,
      'podinfo to be promoted after its last step',
    );
  } finally {
    await adminPatch(cluster, canaryPath, {
      spec: { analysis: { stepWeight, maxWeight, webhooks } },
    });
  }
});
