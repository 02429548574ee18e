import type { EventRecord, TimelineItem } from '../../api/rolloutTypes';
import { parseFlaggerEvent } from '../../events/parseFlaggerEvent';
import type { Canary } from '../../model/canary';
import { diagnoseRollout } from './diagnoseRollout';
import type { DiagnosisInput } from './types';

const NOW = Date.parse('2026-12-08T10:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

function canary(
  phase: string,
  options: { suspend?: boolean; lastTransitionMinutesAgo?: number } = {},
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'backend', namespace: 'webapp' },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend' },
      ...(options.suspend ? { suspend: true } : {}),
      analysis: {
        interval: '1m',
        threshold: 5,
        metrics: [
          { name: 'request-success-rate', thresholdRange: { min: 99 } },
          {
            name: 'error-rate',
            templateRef: { name: 'error-rate', namespace: 'flagger-system' },
            thresholdRange: { max: 1 },
          },
        ],
        webhooks: [
          {
            name: 'acceptance-test',
            type: 'pre-rollout',
            url: 'http://flagger-loadtester.test/',
          },
        ],
      },
    },
    status: {
      phase,
      failedChecks: 2,
      lastTransitionTime: minutesAgo(options.lastTransitionMinutesAgo ?? 1),
    },
  } as unknown as Canary;
}

let id = 0;
/** An event as the recorder stores it, from Flagger's own message text. */
function event(message: string, at: string): EventRecord {
  id += 1;
  return {
    type: 'event',
    id,
    at,
    eventType: 'Warning',
    reason: 'Synced',
    message,
    entry: parseFlaggerEvent(message),
  };
}

function diagnose(input: Partial<DiagnosisInput> & { canary: Canary }) {
  return diagnoseRollout({ items: [], now: NOW, ...input });
}

describe('diagnoseRollout', () => {
  it('leaves a canary at rest undiagnosed: nothing is meant to move', () => {
    expect(diagnose({ canary: canary('Succeeded') })).toBeUndefined();
    expect(diagnose({ canary: canary('Initialized') })).toBeUndefined();
  });

  it('says a run moving as its policy says moves', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing'),
      items: [event('Advance backend.webapp canary weight 20', minutesAgo(1))],
    });
    expect(diagnosis).toMatchObject({
      moving: true,
      causes: [],
      headline: 'Moving as its policy says',
    });
  });

  it('names a metric without data, how often, its query and what to check', () => {
    const items: TimelineItem[] = [3, 2, 1].map(m =>
      event(
        'Halt advancement no values found for custom metric: error-rate: no values found for query',
        minutesAgo(m),
      ),
    );
    const diagnosis = diagnose({ canary: canary('Progressing'), items })!;
    expect(diagnosis.moving).toBe(false);
    expect(diagnosis.headline).toBe(
      'Stuck: error-rate returned no data for 3 checks',
    );
    expect(diagnosis.causes).toEqual([
      expect.objectContaining({
        cause: 'metric-no-data',
        subject: 'error-rate',
        query: 'MetricTemplate flagger-system/error-rate',
        since: minutesAgo(3),
      }),
    ]);
    expect(diagnosis.causes[0].fix).toMatch(
      /^Is traffic reaching backend-canary/,
    );
  });

  it('only reads the events of the last few intervals', () => {
    const old = event(
      'Halt advancement no values found for metric: request-success-rate',
      minutesAgo(30),
    );
    expect(
      diagnose({ canary: canary('Progressing'), items: [old] })!.causes,
    ).toEqual([]);
  });

  it('names a failing webhook with its URL', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing'),
      items: [
        event(
          'Halt backend.webapp advancement pre-rollout check acceptance-test failed error response 500',
          minutesAgo(1),
        ),
      ],
    })!;
    expect(diagnosis.causes[0]).toMatchObject({
      cause: 'webhook-failing',
      subject: 'acceptance-test',
      title: 'Webhook acceptance-test fails',
    });
    expect(diagnosis.causes[0].fix).toContain(
      'http://flagger-loadtester.test/',
    );
  });

  it('reports metrics out of range as the analysis failing the canary, with the count to a rollback', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing'),
      items: [
        event(
          'Halt backend.webapp advancement success rate 91.60% < 99%',
          minutesAgo(1),
        ),
      ],
    })!;
    expect(diagnosis.causes[0]).toMatchObject({
      cause: 'checks-failing',
      title: 'request-success-rate is out of range (91.6 below 99)',
    });
    expect(diagnosis.causes[0].evidence[0]).toContain(
      '2 of 5 failed checks before a rollback',
    );
  });

  it('names a Deployment that is not ready with its replicas', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing'),
      items: [
        event(
          'canary deployment backend.webapp not ready: waiting for rollout to finish: 1 of 2 (readyThreshold 100%) updated replicas are available',
          minutesAgo(1),
        ),
      ],
    })!;
    expect(diagnosis.causes[0].cause).toBe('workload-not-ready');
    expect(diagnosis.causes[0].title).toMatch(/^Deployment backend/);
  });

  it('says a run waits for approval at its gate without calling it stuck', () => {
    const diagnosis = diagnose({
      canary: canary('WaitingPromotion'),
      items: [
        event(
          'Halt backend.webapp advancement waiting for promotion approval approve-promotion',
          minutesAgo(1),
        ),
      ],
    })!;
    expect(diagnosis.moving).toBe(false);
    expect(diagnosis.headline).toBe(
      'Waiting for approval at confirm-promotion',
    );
    expect(diagnosis.causes[0]).toMatchObject({
      cause: 'gate-closed',
      subject: 'approve-promotion',
    });
  });

  it('suspects the Flagger controller when nothing happened for several intervals', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing', { lastTransitionMinutesAgo: 12 }),
      items: [event('Advance backend.webapp canary weight 20', minutesAgo(12))],
      freshness: { cluster: 'member1', source: 'watch' },
    })!;
    expect(diagnosis.causes.map(c => c.cause)).toEqual(['controller-silent']);
    expect(diagnosis.causes[0].evidence[0]).toBe(
      'No Flagger event or status change for 12m (analysis interval 1m)',
    );
    expect(diagnosis.causes[0].fix).toContain('on member1');
  });

  it('puts an unreachable cluster first and says since when', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing', { lastTransitionMinutesAgo: 12 }),
      freshness: {
        cluster: 'member1',
        source: 'live',
        disconnected: true,
        lastContactAt: minutesAgo(10),
        reason: 'connect ECONNREFUSED',
      },
    })!;
    expect(diagnosis.causes[0]).toMatchObject({
      cause: 'cluster-unreachable',
      since: minutesAgo(10),
    });
    expect(diagnosis.headline).toMatch(
      /^Stuck: Cluster member1 cannot be reached \(and 1 more\)$/,
    );
  });

  it('says a suspended canary is paused, not that Flagger is silent', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing', {
        suspend: true,
        lastTransitionMinutesAgo: 30,
      }),
    })!;
    expect(diagnosis.causes.map(c => c.cause)).toEqual(['suspended']);
  });

  it('says Kurator has not rendered a promote when it is overdue', () => {
    const pending = {
      kind: 'promote' as const,
      actor: 'user:default/alice',
      requestedAt: minutesAgo(5),
      intervalMs: 60_000,
      kurator: true,
      takesEffectBy: minutesAgo(3.5),
    };
    const diagnosis = diagnose({ canary: canary('Progressing'), pending })!;
    expect(diagnosis.causes[0]).toMatchObject({
      cause: 'kurator-not-rendered',
      since: minutesAgo(5),
    });
    // Not yet due: nothing to say.
    expect(
      diagnose({
        canary: canary('Progressing'),
        pending: { ...pending, takesEffectBy: minutesAgo(0.5) },
      })!.causes,
    ).toEqual([]);
  });

  it('names a metric template that cannot be run', () => {
    const diagnosis = diagnose({
      canary: canary('Progressing'),
      items: [
        event(
          'Metric template error-rate.flagger-system provider prometheus error: Post "http://prometheus:9090/api/v1/query": dial tcp: lookup prometheus: no such host',
          minutesAgo(1),
        ),
      ],
    })!;
    expect(diagnosis.causes[0].cause).toBe('metric-query-failed');
    expect(diagnosis.causes[0].evidence[0]).toContain('no such host');
  });
});
