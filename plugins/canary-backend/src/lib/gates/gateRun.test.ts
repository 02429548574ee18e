import {
  type Canary,
  flaggerCanaryChecksum,
} from '@backstage-canary/plugin-canary-common';
import { gateRevisionHash, gateRunOf } from './gateRun';

function canary(status: NonNullable<Canary['status']>, uid = 'uid-1'): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test', uid },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 80 },
    },
    status,
  } as Canary;
}

const promoted = (status: string, lastTransitionTime: string) => [
  { type: 'Promoted', status, reason: 'x', lastTransitionTime },
];

describe('gateRunOf', () => {
  const running = canary({
    phase: 'Progressing',
    lastAppliedSpec: 'rev-1',
    trackedConfigs: { 'configmap/podinfo': 'abc' },
    conditions: promoted('Unknown', '2026-12-01T10:00:00Z'),
  });

  it("names the run by the canary's uid, a sha256 of its revision and the run's start", () => {
    const run = gateRunOf(running);
    expect(run).toMatchObject({
      canaryUid: 'uid-1',
      checksum: flaggerCanaryChecksum(running.status!),
      active: true,
      phase: 'Progressing',
    });
    expect(run.revisionHash).toMatch(/^[0-9a-f]{64}$/);
    expect(run.runId).toMatch(/^[0-9a-f]{64}$/);
    // The same run seen later in another phase of the run is the same run.
    expect(
      gateRunOf(canary({ ...running.status!, phase: 'WaitingPromotion' }))
        .runId,
    ).toBe(run.runId);
  });

  it('tells apart runs that Flagger gives the same checksum', () => {
    const run = gateRunOf(running);
    // A revert: the same revision in a run that started later.
    const revert = canary({
      ...running.status!,
      conditions: promoted('Unknown', '2026-12-01T11:00:00Z'),
    });
    expect(flaggerCanaryChecksum(revert.status!)).toBe(run.checksum);
    expect(gateRunOf(revert).runId).not.toBe(run.runId);
    // The canary deleted and created again.
    expect(gateRunOf(canary(running.status!, 'uid-2')).runId).not.toBe(
      run.runId,
    );
    // Another tracked config value is another revision.
    expect(
      gateRevisionHash({
        ...running.status!,
        trackedConfigs: { 'configmap/podinfo': 'abd' },
      }),
    ).not.toBe(run.revisionHash);
  });

  it('is not active once the run ended', () => {
    for (const phase of [
      'Succeeded',
      'Failed',
      'Initialized',
      'Terminating',
    ] as const) {
      expect(gateRunOf(canary({ ...running.status!, phase })).active).toBe(
        false,
      );
    }
  });
});
