import type { Application } from '../model/application';
import type { CanaryPhase } from '../model/canary';
import {
  flaggerCanaryChecksum,
  getRolloutActions,
  parseBackendGateUrl,
  type RolloutAction,
} from './rolloutActions';
import { makeCanary } from '../__testUtils__/makeCanary';

const loadtester = 'http://flagger-loadtester.test';
const gated = {
  interval: '1m',
  threshold: 5,
  stepWeight: 10,
  webhooks: [
    {
      name: 'start',
      type: 'confirm-rollout' as const,
      url: `${loadtester}/gate/check`,
    },
    {
      name: 'end',
      type: 'confirm-promotion' as const,
      url: `${loadtester}/gate/check`,
    },
    {
      name: 'stop',
      type: 'rollback' as const,
      url: `${loadtester}/rollback/check`,
    },
  ],
};

function byAction(list: ReturnType<typeof getRolloutActions>) {
  return Object.fromEntries(list.map(a => [a.action, a])) as Record<
    RolloutAction,
    (typeof list)[number]
  >;
}

describe('getRolloutActions for native canaries', () => {
  it('pauses with a Canary patch and cannot resume an active canary', () => {
    const actions = byAction(
      getRolloutActions(
        makeCanary(gated, { phase: 'Progressing', canaryWeight: 10 }),
      ),
    );
    expect(actions.pause).toMatchObject({
      possible: true,
      route: 'canary-patch',
      permission: 'canary.rollout.pause',
      operation: {
        type: 'patch-canary',
        mergePatch: { spec: { suspend: true } },
      },
    });
    expect(actions.resume).toMatchObject({
      possible: false,
      reason: 'The canary is not paused.',
    });
  });

  it('approves a waiting canary through its confirm-rollout gate and closes it afterwards', () => {
    const actions = byAction(
      getRolloutActions(makeCanary(gated, { phase: 'Waiting' })),
    );
    expect(actions.approve).toMatchObject({
      possible: true,
      route: 'gate',
      operation: {
        type: 'call-gate',
        url: `${loadtester}/gate/open`,
        body: { name: 'podinfo', namespace: 'test' },
      },
      followUp: { operation: { url: `${loadtester}/gate/close` } },
    });
    expect(actions.promote.possible).toBe(false);
  });

  it('promotes in WaitingPromotion through the promotion gate', () => {
    const actions = byAction(
      getRolloutActions(makeCanary(gated, { phase: 'WaitingPromotion' })),
    );
    expect(actions.promote).toMatchObject({ possible: true, route: 'gate' });
  });

  it('promotes without a gate by skipAnalysis and asks to reset it', () => {
    const actions = byAction(
      getRolloutActions(
        makeCanary(
          { interval: '1m', threshold: 1, stepWeight: 10 },
          { phase: 'Progressing' },
        ),
      ),
    );
    expect(actions.promote).toMatchObject({
      possible: true,
      route: 'canary-patch',
      operation: { mergePatch: { spec: { skipAnalysis: true } } },
      followUp: {
        operation: { mergePatch: { spec: { skipAnalysis: false } } },
      },
    });
  });

  it('aborts only with a rollback hook and explains how to add one', () => {
    expect(
      byAction(getRolloutActions(makeCanary(gated, { phase: 'Progressing' })))
        .abort,
    ).toMatchObject({
      possible: true,
      operation: { url: `${loadtester}/rollback/open` },
      followUp: { operation: { url: `${loadtester}/rollback/close` } },
    });
    const without = byAction(
      getRolloutActions(
        makeCanary(
          { interval: '1m', threshold: 1, stepWeight: 10 },
          { phase: 'Progressing' },
        ),
      ),
    ).abort;
    expect(without.possible).toBe(false);
    expect(without.howToEnable).toMatch(/type rollback.*\/rollback\/check/);
  });

  it('never approves a /gate/halt hook: repointing it would approve every later release', () => {
    const canary = makeCanary(
      {
        interval: '1m',
        threshold: 1,
        stepWeight: 10,
        webhooks: [
          {
            name: 'hold',
            type: 'confirm-rollout',
            url: `${loadtester}/gate/halt`,
          },
        ],
      },
      { phase: 'Waiting' },
    );
    const approve = byAction(getRolloutActions(canary)).approve;
    expect(approve).toMatchObject({
      possible: false,
      reason: expect.stringContaining('would approve every later release'),
      howToEnable: expect.stringContaining('/api/canary/gates/'),
    });
    expect(approve.operation).toBeUndefined();
  });

  it('retries a failed run with a pod-template annotation, not a reverted one', () => {
    const failed = byAction(
      getRolloutActions(
        makeCanary(gated, {
          phase: 'Failed',
          lastAppliedSpec: 'b',
          lastPromotedSpec: 'a',
        }),
        { now: '2024-01-11T09:00:00Z' },
      ),
    ).retry;
    expect(failed).toMatchObject({
      possible: true,
      route: 'pod-template-annotation',
      operation: {
        type: 'patch-workload',
        kind: 'Deployment',
        name: 'podinfo',
        mergePatch: {
          spec: {
            template: {
              metadata: {
                annotations: {
                  'kubectl.kubernetes.io/restartedAt': '2024-01-11T09:00:00Z',
                },
              },
            },
          },
        },
      },
    });
    const reverted = byAction(
      getRolloutActions(
        makeCanary(gated, {
          phase: 'Failed',
          lastAppliedSpec: 'a',
          lastPromotedSpec: 'a',
        }),
      ),
    ).retry;
    expect(reverted.possible).toBe(false);
    expect(reverted.reason).toMatch(/reverted/);
  });

  it('blocks promote, abort and approve while paused', () => {
    const actions = byAction(
      getRolloutActions(
        makeCanary(gated, { phase: 'WaitingPromotion' }, { suspend: true }),
      ),
    );
    for (const action of ['promote', 'abort', 'approve'] as const) {
      expect(actions[action]).toMatchObject({
        possible: false,
        howToEnable: 'Resume the canary first.',
      });
    }
    expect(actions.resume.possible).toBe(true);
  });
});

describe('getRolloutActions for Kurator-managed canaries', () => {
  const application = {
    apiVersion: 'apps.kurator.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'rollout-demo', namespace: 'default' },
    spec: {
      source: {},
      syncPolicies: [
        {
          rollout: {
            trafficRoutingProvider: 'istio',
            workload: { name: 'podinfo', namespace: 'test' },
            serviceName: 'podinfo',
            port: 9898,
            rolloutPolicy: {},
          },
        },
      ],
    },
  } as Application;
  const kurator = (phase: 'Progressing' | 'Failed' | 'Waiting') =>
    makeCanary(
      gated,
      { phase, lastAppliedSpec: 'b', lastPromotedSpec: 'a' },
      {},
      {
        'kurator.dev/rollout': 'rollout-demo-0',
      },
    );

  it('pauses and promotes through the Application policy for every cluster', () => {
    const actions = byAction(
      getRolloutActions(kurator('Progressing'), {
        application,
        clusterCount: 2,
      }),
    );
    expect(actions.pause).toMatchObject({
      possible: true,
      route: 'application-policy-patch',
      operation: {
        type: 'patch-application',
        name: 'rollout-demo',
        jsonPatch: [
          {
            op: 'add',
            path: '/spec/syncPolicies/0/rollout/rolloutPolicy/suspend',
            value: true,
          },
        ],
      },
    });
    expect(actions.pause.effect).toContain('every cluster of the policy (2)');
    expect(actions.promote).toMatchObject({
      possible: true,
      operation: {
        jsonPatch: [
          {
            path: '/spec/syncPolicies/0/rollout/rolloutPolicy/skipTrafficAnalysis',
          },
        ],
      },
    });
  });

  it('aborts by reverting the workload to its primary on every member, skipping the analysis of the revert; has no approve', () => {
    const actions = byAction(
      getRolloutActions(kurator('Progressing'), {
        application,
        clusterCount: 2,
      }),
    );
    expect(actions.abort).toMatchObject({
      possible: true,
      permission: 'canary.rollout.abort',
      route: 'application-policy-patch',
      operation: {
        type: 'revert-to-primary',
        namespace: 'test',
        workload: 'podinfo',
        primary: 'podinfo-primary',
        application: { namespace: 'default', name: 'rollout-demo' },
        jsonPatch: [
          {
            op: 'add',
            path: '/spec/syncPolicies/0/rollout/rolloutPolicy/skipTrafficAnalysis',
            value: true,
          },
        ],
      },
      followUp: {
        operation: {
          type: 'patch-application',
          jsonPatch: [
            {
              op: 'add',
              path: '/spec/syncPolicies/0/rollout/rolloutPolicy/skipTrafficAnalysis',
              value: false,
            },
          ],
        },
      },
    });
    expect(actions.abort.effect).toContain(
      'back to those of podinfo-primary (the promoted revision) on every cluster of the policy (2)',
    );
    expect(actions.abort.effect).toContain(
      "The Application's source (Git) still names the new revision",
    );
    // Without a run there is nothing to abort.
    expect(
      byAction(getRolloutActions(kurator('Failed'), { application })).abort
        .possible,
    ).toBe(false);
    expect(actions.approve.possible).toBe(false);
    expect(actions.retry.possible).toBe(false);
  });

  it('refuses to patch the Canary when the Application is unknown', () => {
    const actions = byAction(getRolloutActions(kurator('Progressing')));
    expect(actions.pause.possible).toBe(false);
    expect(actions.pause.reason).toMatch(
      /must go to the Application, not the Canary/,
    );
  });

  it('retries a failed Kurator run through the workload', () => {
    const actions = byAction(
      getRolloutActions(kurator('Failed'), { application }),
    );
    expect(actions.retry).toMatchObject({
      possible: true,
      route: 'pod-template-annotation',
    });
  });
});

describe('getRolloutActions with gates served by the Canary backend', () => {
  const backend = 'http://backstage.example.com/api/canary/gates/member-1';
  const backendGated = {
    interval: '1m',
    threshold: 5,
    stepWeight: 10,
    webhooks: [
      {
        name: 'approve-start',
        type: 'confirm-rollout' as const,
        url: `${backend}/confirm-rollout`,
        metadata: { token: 'gate-token' },
      },
      {
        name: 'approve-step',
        type: 'confirm-traffic-increase' as const,
        url: `${backend}/confirm-traffic-increase`,
      },
      {
        name: 'approve-end',
        type: 'confirm-promotion' as const,
        url: `${backend}/confirm-promotion/`,
      },
      { name: 'abort', type: 'rollback' as const, url: `${backend}/rollback` },
    ],
  };
  const status = (phase: CanaryPhase) => ({
    phase,
    lastAppliedSpec: 'rev-2',
    trackedConfigs: {},
  });

  it.each<[CanaryPhase, string, string]>([
    ['Waiting', 'confirm-rollout', 'approve-start'],
    ['Progressing', 'confirm-traffic-increase', 'approve-step'],
    ['WaitingPromotion', 'confirm-promotion', 'approve-end'],
  ])(
    'approves a %s canary at the backend gate %s for the current revision only',
    (phase, gate, webhook) => {
      const actions = byAction(
        getRolloutActions(makeCanary(backendGated, status(phase))),
      );
      expect(actions.approve).toMatchObject({
        possible: true,
        route: 'gate',
        operation: {
          type: 'backend-gate',
          gate,
          cluster: 'member-1',
          namespace: 'test',
          name: 'podinfo',
          webhook,
          checksum: flaggerCanaryChecksum(status(phase)),
        },
      });
      expect(actions.approve.effect).toMatch(/never opens a later revision/);
      // Nothing to close afterwards: the approval is bound to the revision.
      expect(actions.approve.followUp).toBeUndefined();
    },
  );

  it('approving at the confirm-traffic-increase gate advances the run by one weight step', () => {
    const at = (canaryWeight: number, analysis: object = backendGated) =>
      byAction(
        getRolloutActions(
          makeCanary(analysis as any, {
            ...status('Progressing'),
            canaryWeight,
          }),
        ),
      ).approve;
    expect(at(0).step).toEqual({ from: 0, to: 10 });
    expect(at(30).step).toEqual({ from: 30, to: 40 });
    expect(at(30).effect).toContain(
      "The approval opens one weight step: the canary's traffic goes from 30% to 40%, then the run waits at the gate again.",
    );
    // stepWeights give the next weight of the list, not an increment.
    expect(
      at(5, {
        ...backendGated,
        stepWeight: undefined,
        stepWeights: [5, 25, 80],
      }).step,
    ).toEqual({ from: 5, to: 25 });
    // Other gates approve no step.
    expect(
      byAction(
        getRolloutActions(makeCanary(backendGated, status('WaitingPromotion'))),
      ).approve.step,
    ).toBeUndefined();
  });

  it('aborts through the backend rollback gate', () => {
    const actions = byAction(
      getRolloutActions(makeCanary(backendGated, status('Progressing'))),
    );
    expect(actions.abort).toMatchObject({
      possible: true,
      route: 'gate',
      operation: { type: 'backend-gate', gate: 'rollback', webhook: 'abort' },
    });
  });

  it('keeps loadtester gates as they were', () => {
    const actions = byAction(
      getRolloutActions(makeCanary(gated, { phase: 'Waiting' })),
    );
    expect(actions.approve.operation).toMatchObject({ type: 'call-gate' });
  });

  it('parses backend gate URLs and ignores loadtester ones', () => {
    expect(parseBackendGateUrl(`${backend}/rollback`)).toEqual({
      baseUrl: 'http://backstage.example.com',
      cluster: 'member-1',
      gate: 'rollback',
    });
    expect(parseBackendGateUrl(`${backend}/gate/check`)).toBeUndefined();
    expect(parseBackendGateUrl(`${loadtester}/gate/check`)).toBeUndefined();
    expect(parseBackendGateUrl(`${backend}/other`)).toBeUndefined();
  });
});
