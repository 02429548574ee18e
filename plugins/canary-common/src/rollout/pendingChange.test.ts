import {
  KURATOR_RERENDER_MS,
  pendingNewRevision,
  pendingPromote,
} from './pendingChange';

describe('pendingPromote', () => {
  const request = {
    actor: 'user:default/guest',
    at: '2026-12-07T12:03:00.000Z',
    outcome: 'succeeded' as const,
  };

  it('is pending until the next check of a native canary', () => {
    expect(
      pendingPromote({
        phase: 'Progressing',
        request,
        intervalMs: 60_000,
        kurator: false,
      }),
    ).toEqual({
      kind: 'promote',
      actor: 'user:default/guest',
      requestedAt: '2026-12-07T12:03:00.000Z',
      intervalMs: 60_000,
      kurator: false,
      takesEffectBy: '2026-12-07T12:04:00.000Z',
    });
  });

  it("adds Kurator's re-render to the bound of a Kurator canary", () => {
    const pending = pendingPromote({
      phase: 'WaitingPromotion',
      request,
      intervalMs: 90_000,
      kurator: true,
    });
    expect(pending?.takesEffectBy).toBe(
      new Date(
        Date.parse(request.at) + 90_000 + KURATOR_RERENDER_MS,
      ).toISOString(),
    );
  });

  it('is not pending once Flagger has left the analysis', () => {
    for (const phase of ['Promoting', 'Finalising', 'Succeeded', 'Failed']) {
      expect(
        pendingPromote({ phase, request, intervalMs: 60_000, kurator: false }),
      ).toBeUndefined();
    }
  });

  it('is not pending when the cluster refused it or nothing was asked', () => {
    expect(
      pendingPromote({
        phase: 'Progressing',
        request: { ...request, outcome: 'failed' },
        intervalMs: 60_000,
        kurator: false,
      }),
    ).toBeUndefined();
    expect(
      pendingPromote({
        phase: 'Progressing',
        intervalMs: 60_000,
        kurator: false,
      }),
    ).toBeUndefined();
  });
});

describe('pendingNewRevision', () => {
  it('detects a new image on a promoted canary', () => {
    expect(
      pendingNewRevision({
        phase: 'Succeeded',
        images: ['ghcr.io/stefanprodan/podinfo:6.0.1'],
        previousImages: ['ghcr.io/stefanprodan/podinfo:6.0.0'],
        intervalMs: 60_000,
      }),
    ).toEqual({
      kind: 'new-revision',
      images: ['ghcr.io/stefanprodan/podinfo:6.0.1'],
      previousImages: ['ghcr.io/stefanprodan/podinfo:6.0.0'],
      intervalMs: 60_000,
    });
  });

  it('detects nothing with the same images, in any order', () => {
    expect(
      pendingNewRevision({
        phase: 'Failed',
        images: ['b:1', 'a:1'],
        previousImages: ['a:1', 'b:1'],
        intervalMs: 60_000,
      }),
    ).toBeUndefined();
  });

  it('detects nothing during a run or when the images are unknown', () => {
    expect(
      pendingNewRevision({
        phase: 'Progressing',
        images: ['a:2'],
        previousImages: ['a:1'],
        intervalMs: 60_000,
      }),
    ).toBeUndefined();
    expect(
      pendingNewRevision({
        phase: 'Succeeded',
        images: ['a:2'],
        intervalMs: 60_000,
      }),
    ).toBeUndefined();
  });
});
