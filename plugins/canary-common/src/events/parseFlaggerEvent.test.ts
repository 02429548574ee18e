import {
  FLAGGER_EVENT_TEMPLATES,
  type EventArgKind,
  type FlaggerEventTemplateId,
} from './flaggerEventTemplates';
import {
  formatFlaggerEvent,
  type FlaggerEventArgs,
} from '../__testUtils__/flaggerEventMessages';
import {
  parseFlaggerEvent,
  parseFlaggerEventWebhook,
  parseKubernetesEvent,
} from './parseFlaggerEvent';

const SAMPLE: Record<EventArgKind, (i: number) => string | number> = {
  name: i => (i === 0 ? 'podinfo.v2' : 'podinfo-primary'),
  ns: () => 'test',
  word: i => ['Deployment', 'request-success-rate', 'istio', 'x'][i % 4],
  text: i =>
    i === 0
      ? 'load-test'
      : 'Post "http://flagger-loadtester.test/": dial tcp: connection refused',
  int: i => [10, 3, 100, 7][i % 4],
  float: () => 99.5,
  float2: () => 91.6,
  duration: i => (i % 2 === 0 ? 1234 : 500),
  quoted: () => 'podinfo',
};

function sampleArgs(args: readonly EventArgKind[]) {
  const seen: Partial<Record<EventArgKind, number>> = {};
  return args.map(kind => {
    const i = seen[kind] ?? 0;
    seen[kind] = i + 1;
    return SAMPLE[kind](i);
  });
}

describe('Flagger event templates', () => {
  it('has unique ids', () => {
    const ids = FLAGGER_EVENT_TEMPLATES.map(t => t.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(FLAGGER_EVENT_TEMPLATES.map(t => [t.id, t] as const))(
    '%s formats and parses back to the same template',
    (id, template) => {
      const args = sampleArgs(template.args);
      const message = formatFlaggerEvent(
        id as FlaggerEventTemplateId,
        ...(args as unknown as FlaggerEventArgs<'suspended'>),
      );
      expect(message).not.toMatch(/%!|MISSING/);
      const entry = parseFlaggerEvent(message);
      expect(entry.template).toBe(id);
      expect(entry.kind).not.toBe('unknown');
      expect(entry.eventType).toBe(template.eventType);
      expect(entry.combined).toBe(false);
      // Formatting what was parsed gives the same text: nothing is lost.
      expect(entry.message).toBe(message);
    },
  );
});

describe('formatFlaggerEvent', () => {
  it('reproduces the exact texts seen in Flagger event webhooks', () => {
    expect(formatFlaggerEvent('initialized', 'examiner', 'apps')).toBe(
      'Initialization done! examiner.apps',
    );
    expect(formatFlaggerEvent('newRevision', 'examiner', 'apps')).toBe(
      'New revision detected! Scaling up examiner.apps',
    );
    expect(formatFlaggerEvent('weightAdvanced', 'examiner', 'apps', 5)).toBe(
      'Advance examiner.apps canary weight 5',
    );
    expect(
      formatFlaggerEvent('successRateBelow', 'examiner', 'apps', 91.6, 99),
    ).toBe('Halt examiner.apps advancement success rate 91.60% < 99%');
    expect(
      formatFlaggerEvent('rollbackFailedChecks', 'examiner', 'apps', 5),
    ).toBe('Rolling back examiner.apps failed checks threshold reached 5');
    expect(formatFlaggerEvent('canaryFailed', 'examiner', 'apps')).toBe(
      'Canary failed! Scaling down examiner.apps',
    );
  });

  it('prints request durations as Go durations', () => {
    expect(
      formatFlaggerEvent('requestDurationAbove', 'podinfo', 'test', 1234, 500),
    ).toBe('Halt podinfo.test advancement request duration 1.234s > 500ms');
  });

  it('prints the iteration counter and the quoted deployment name', () => {
    expect(
      formatFlaggerEvent('iterationAdvanced', 'podinfo', 'test', 3, 10),
    ).toBe('Advance podinfo.test canary iteration 3/10');
    expect(formatFlaggerEvent('progressDeadlineExceeded', 'podinfo')).toBe(
      'deployment "podinfo" exceeded its progress deadline',
    );
  });

  it('rejects a wrong number of arguments', () => {
    expect(() =>
      (formatFlaggerEvent as (...a: unknown[]) => string)(
        'weightAdvanced',
        'a',
      ),
    ).toThrow(/takes 3 arguments/);
  });
});

describe('parseFlaggerEvent', () => {
  it('reads the metric, value and threshold of a halted success rate', () => {
    const entry = parseFlaggerEvent(
      'Halt examiner.apps advancement success rate 91.60% < 99%',
    );
    expect(entry).toMatchObject({
      kind: 'halted',
      reason: 'success-rate',
      canary: { name: 'examiner', namespace: 'apps' },
      metric: 'request-success-rate',
      value: 91.6,
      comparison: '<',
      threshold: 99,
      eventType: 'Warning',
    });
  });

  it('reads request durations in milliseconds', () => {
    expect(
      parseFlaggerEvent(
        'Halt podinfo.test advancement request duration 1.5s > 500ms',
      ),
    ).toMatchObject({
      metric: 'request-duration',
      value: 1500,
      threshold: 500,
    });
  });

  it('reads a custom metric out of range', () => {
    expect(
      parseFlaggerEvent('Halt podinfo.test advancement error-rate 3.20 > 1'),
    ).toMatchObject({
      kind: 'halted',
      reason: 'metric-out-of-range',
      metric: 'error-rate',
      value: 3.2,
      threshold: 1,
      comparison: '>',
    });
  });

  it('splits a dotted canary name at the namespace', () => {
    expect(
      parseFlaggerEvent('Advance web.v2.prod canary weight 20'),
    ).toMatchObject({
      kind: 'weight-advanced',
      canary: { name: 'web.v2', namespace: 'prod' },
      weight: 20,
    });
  });

  it('distinguishes the three approval gates', () => {
    expect(
      parseFlaggerEvent(
        'Halt podinfo.test advancement waiting for approval gate-start',
      ),
    ).toMatchObject({
      kind: 'waiting-for-approval',
      gate: 'confirm-rollout',
      webhook: 'gate-start',
    });
    expect(
      parseFlaggerEvent(
        'Halt podinfo.test advancement waiting for traffic increase approval gate-step',
      ),
    ).toMatchObject({ gate: 'confirm-traffic-increase', webhook: 'gate-step' });
    expect(
      parseFlaggerEvent(
        'Halt podinfo.test advancement waiting for promotion approval gate-end',
      ),
    ).toMatchObject({ gate: 'confirm-promotion', webhook: 'gate-end' });
  });

  it('reads rollbacks with their reason', () => {
    expect(
      parseFlaggerEvent('Rolling back podinfo.test manual webhook invoked'),
    ).toMatchObject({ kind: 'rollback', reason: 'manual-webhook' });
    expect(
      parseFlaggerEvent(
        'Rolling back podinfo.test progress deadline exceeded canary deployment podinfo.test not ready',
      ),
    ).toMatchObject({
      kind: 'rollback',
      reason: 'progress-deadline',
      error: 'canary deployment podinfo.test not ready',
    });
  });

  it('reads readiness warnings with their replica counts', () => {
    expect(
      parseFlaggerEvent(
        'canary deployment podinfo.test not ready: waiting for rollout to finish: 1 of 2 (readyThreshold 100%) updated replicas are available',
      ),
    ).toMatchObject({
      kind: 'readiness-warning',
      workload: 'canary',
      availableReplicas: 1,
      desiredReplicas: 2,
      readyThreshold: 100,
    });
    expect(
      parseFlaggerEvent(
        'podinfo-primary.test not ready: waiting for rollout to finish: 0 of 1 updated replicas are available',
      ),
    ).toMatchObject({
      kind: 'readiness-warning',
      workload: 'primary',
      name: 'podinfo-primary',
    });
  });

  it('removes the correlator prefix and says the event was combined', () => {
    const entry = parseFlaggerEvent(
      '(combined from similar events): Advance podinfo.test canary weight 30',
    );
    expect(entry).toMatchObject({
      kind: 'weight-advanced',
      weight: 30,
      combined: true,
      message: 'Advance podinfo.test canary weight 30',
    });
  });

  it('keeps unknown messages as generic entries', () => {
    const entry = parseFlaggerEvent('New revision detected podinfo.test', {
      eventType: 'Normal',
      timestamp: '2024-01-11T09:01:40Z',
    });
    expect(entry).toEqual({
      kind: 'unknown',
      template: 'unknown',
      message: 'New revision detected podinfo.test',
      combined: false,
      eventType: 'Normal',
      timestamp: '2024-01-11T09:01:40Z',
    });
  });

  it('prefers the event type recorded on the event', () => {
    expect(
      parseFlaggerEvent('Routing all traffic to primary', {
        eventType: 'Warning',
      }).eventType,
    ).toBe('Warning');
  });
});

describe('event sources', () => {
  // The event webhook log of the Flux + Linkerd + Flagger seed.
  const seedLog = [
    '{"name":"examiner","namespace":"apps","phase":"Initializing","metadata":{"eventMessage":"Initialization done! examiner.apps","eventType":"Normal","timestamp":"1655463741340"}}',
    '{"name":"examiner","namespace":"apps","phase":"Progressing","metadata":{"eventMessage":"New revision detected! Scaling up examiner.apps","eventType":"Normal","timestamp":"1655464101281"}}',
    '{"name":"examiner","namespace":"apps","phase":"Progressing","metadata":{"eventMessage":"Advance examiner.apps canary weight 5","eventType":"Normal","timestamp":"1655464131283"}}',
    '{"name":"examiner","namespace":"apps","phase":"Progressing","metadata":{"eventMessage":"Halt examiner.apps advancement success rate 91.60% \\u003c 99%","eventType":"Warning","timestamp":"1655464191265"}}',
    '{"name":"examiner","namespace":"apps","phase":"Progressing","metadata":{"eventMessage":"Rolling back examiner.apps failed checks threshold reached 5","eventType":"Warning","timestamp":"1655464371265"}}',
    '{"name":"examiner","namespace":"apps","phase":"Failed","metadata":{"eventMessage":"Canary failed! Scaling down examiner.apps","eventType":"Warning","timestamp":"1655464371280"}}',
  ];

  it('turns the seed event webhook log into a typed timeline', () => {
    const entries = seedLog.map(line =>
      parseFlaggerEventWebhook(JSON.parse(line)),
    );
    expect(entries.map(e => e.kind)).toEqual([
      'initialized',
      'new-revision',
      'weight-advanced',
      'halted',
      'rollback',
      'failed',
    ]);
    expect(entries[0].timestamp).toBe('2022-06-17T11:02:21.340Z');
    expect(entries[4]).toMatchObject({
      reason: 'failed-checks',
      failedChecks: 5,
    });
  });

  it('reads Kubernetes events', () => {
    expect(
      parseKubernetesEvent({
        type: 'Normal',
        reason: 'Synced',
        message: 'Promotion completed! Scaling down podinfo.test',
        lastTimestamp: '2024-01-11T09:15:10Z',
      }),
    ).toMatchObject({
      kind: 'promotion-completed',
      analysisSkipped: false,
      timestamp: '2024-01-11T09:15:10Z',
    });
  });
});
