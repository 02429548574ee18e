import type { TimelineItem } from '../api/rolloutTypes';
import { parseFlaggerEvent } from '../events/parseFlaggerEvent';
import { makeCanary } from '../__testUtils__/makeCanary';
import { explainRun, formatUtcTime } from './runExplanation';

// Kurator's canary.yaml example: threshold 2, maxWeight 50, stepWeight 10 (5 weight steps + promote).
const analysis = {
  interval: '90s',
  threshold: 2,
  maxWeight: 50,
  stepWeight: 10,
};

let nextId = 1;
const at = (minute: number) =>
  `2026-12-07T11:${String(minute).padStart(2, '0')}:00.000Z`;

function transition(
  minute: number,
  phase: string,
  canaryWeight: number,
  failedChecks = 0,
): TimelineItem {
  return {
    type: 'transition',
    id: nextId++,
    runId: 7,
    at: at(minute),
    phase,
    canaryWeight,
    failedChecks,
  };
}

/** An event with Flagger's exact message text (FLAGGER-KURATOR.md §1.5), parsed as recorded. */
function event(
  minute: number,
  message: string,
  eventType = 'Warning',
): TimelineItem {
  return {
    type: 'event',
    id: nextId++,
    runId: 7,
    at: at(minute),
    eventType,
    reason: 'Synced',
    message,
    entry: parseFlaggerEvent(message, { eventType }),
  };
}

function action(
  minute: number,
  name: string,
  actor = 'user:default/guest',
): TimelineItem {
  return {
    type: 'action',
    id: nextId++,
    runId: 7,
    at: at(minute),
    action: name,
    actor,
    reason: 'hotfix',
    outcome: 'succeeded',
    message: '',
  };
}

/** The recorded run of a faulty revision: halted twice on success rate at 20 %, rolled back. */
const faultyRun: TimelineItem[] = [
  transition(1, 'Progressing', 0),
  event(1, 'New revision detected! Scaling up backend.webapp', 'Normal'),
  event(2, 'Starting canary analysis for backend.webapp', 'Normal'),
  transition(2, 'Progressing', 10),
  event(2, 'Advance backend.webapp canary weight 10', 'Normal'),
  transition(3, 'Progressing', 20),
  event(3, 'Advance backend.webapp canary weight 20', 'Normal'),
  event(4, 'Halt backend.webapp advancement success rate 31.50% < 99%'),
  transition(4, 'Progressing', 20, 1),
  event(5, 'Halt backend.webapp advancement success rate 18.00% < 99%'),
  transition(5, 'Progressing', 20, 2),
  event(6, 'Rolling back backend.webapp failed checks threshold reached 2'),
  event(6, 'Canary failed! Scaling down backend.webapp'),
  // Flagger resets failedChecks when it rolls back.
  transition(6, 'Failed', 0, 0),
];

describe('explainRun', () => {
  it('explains a rollback: metric, value, bound, step, failed checks then, when and to what', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, {
        phase: 'Failed',
        failedChecks: 0,
        canaryWeight: 0,
        lastAppliedSpec: 'rev-new',
        lastPromotedSpec: '7b779dcc48',
      }),
      items: [...faultyRun].reverse(),
      primaryImages: ['ghcr.io/stefanprodan/podinfo:6.0.1'],
    });
    expect(explanation).toMatchObject({
      kind: 'rolled-back',
      cause: 'failed-checks',
      headline: 'Rolled back after 2 of 2 failed checks',
      failedChecks: { count: 2, threshold: 2 },
      stoppedAt: { step: 2, totalSteps: 6, weight: 20 },
      at: at(6),
      rolledBackTo: {
        images: ['ghcr.io/stefanprodan/podinfo:6.0.1'],
        spec: '7b779dcc48',
      },
    });
    expect(explanation?.checks).toEqual([
      expect.objectContaining({
        name: 'request-success-rate',
        value: 18,
        threshold: 99,
        comparison: '<',
        unit: 'percent',
        text: 'request-success-rate 18% is below the minimum 99%',
      }),
    ]);
    expect(explanation?.summary).toBe(
      'Rolled back after 2 of 2 failed checks at 2026-12-07 11:06 UTC, at step 2 of 6 (20% of traffic on the canary): request-success-rate 18% is below the minimum 99%. ' +
        'podinfo-primary serves the previous revision ghcr.io/stefanprodan/podinfo:6.0.1 (spec 7b779dcc48); the canary is scaled to zero.',
    );
  });

  it('lists the latest failed check of every metric, the deciding one first', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, { phase: 'Failed' }),
      items: [
        transition(1, 'Progressing', 10),
        event(
          2,
          'Halt backend.webapp advancement request duration 2.45s > 500ms',
        ),
        transition(2, 'Progressing', 10, 1),
        event(3, 'Halt backend.webapp advancement success rate 50.00% < 99%'),
        transition(3, 'Progressing', 10, 2),
        event(
          4,
          'Rolling back backend.webapp failed checks threshold reached 2',
        ),
        transition(4, 'Failed', 0),
      ],
    });
    expect(explanation?.checks.map(c => c.text)).toEqual([
      'request-success-rate 50% is below the minimum 99%',
      'request-duration 2450 ms is above the maximum 500 ms',
    ]);
  });

  it('explains a templated metric and a progress deadline', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, { phase: 'Failed' }),
      items: [
        transition(1, 'Progressing', 30),
        event(2, 'Halt podinfo.test advancement error-rate 7.25 > 1'),
        event(
          3,
          'Rolling back podinfo.test progress deadline exceeded canary deployment podinfo.test not ready',
        ),
      ],
    });
    expect(explanation).toMatchObject({
      cause: 'progress-deadline',
      headline: 'Rolled back: the progress deadline was exceeded',
      stoppedAt: { step: 3, weight: 30 },
    });
    expect(explanation?.checks[0].text).toBe(
      'error-rate 7.25 is above the maximum 1',
    );
  });

  it('says so when a failed run has no recorded history', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, {
        phase: 'Failed',
        lastPromotedSpec: 'abc',
      }),
      items: [],
    });
    expect(explanation?.headline).toBe(
      'Canary analysis failed and was rolled back',
    );
    expect(explanation?.summary).toContain(
      'No recorded event of this run says why.',
    );
  });

  it('names the user who aborted the run', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, { phase: 'Failed' }),
      items: [
        transition(1, 'Progressing', 10),
        action(2, 'abort', 'user:default/ada'),
        event(3, 'Rolling back podinfo.test manual webhook invoked'),
        transition(3, 'Failed', 0),
      ],
    });
    expect(explanation).toMatchObject({
      cause: 'manual-rollback',
      headline: 'Rolled back by user:default/ada',
      actor: 'user:default/ada',
    });
  });

  it('says where the traffic is after a failed promotion (Flagger 1.44)', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, { phase: 'Failed', canaryWeight: 100 }),
      items: [
        transition(1, 'Promoting', 50),
        event(
          2,
          'Promotion of podinfo.test failed, primary not ready: podinfo-primary.test not ready: waiting for rollout to finish: 1 out of 2 new replicas have been updated',
        ),
        transition(2, 'Failed', 100),
      ],
    });
    expect(explanation).toMatchObject({
      kind: 'promotion-failed',
      cause: 'primary-not-ready',
      headline: 'Promotion failed: podinfo-primary did not become ready',
      traffic:
        'All traffic is on the new revision (podinfo), not on podinfo-primary: the primary never became ready after the promotion.',
    });
    expect(explanation?.summary).toContain(
      '(podinfo-primary.test not ready: waiting for rollout to finish: 1 out of 2 new replicas have been updated)',
    );
    expect(explanation?.summary).not.toContain('scaled to zero.');
  });

  it('explains a halted run with the failed checks so far', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, {
        phase: 'Progressing',
        canaryWeight: 20,
        failedChecks: 1,
      }),
      items: faultyRun.slice(0, 9),
    });
    expect(explanation).toMatchObject({
      kind: 'halted',
      headline: 'Halted: 1 of 2 failed checks',
      failedChecks: { count: 1, threshold: 2 },
    });
    expect(explanation?.summary).toBe(
      'Halted: 1 of 2 failed checks at step 2 of 6 (20% of traffic on the canary): request-success-rate 31.5% is below the minimum 99%. Flagger rolls back at 2 failed checks.',
    );
  });

  it('says who promoted a run manually and that the analysis was skipped', () => {
    const explanation = explainRun({
      canary: makeCanary(analysis, { phase: 'Succeeded' }),
      items: [
        transition(1, 'Progressing', 10),
        transition(2, 'Progressing', 20, 2),
        action(3, 'promote'),
        event(
          4,
          'Promotion completed! Canary analysis was skipped for podinfo.test',
          'Normal',
        ),
        transition(4, 'Succeeded', 0),
      ],
    });
    expect(explanation).toMatchObject({
      kind: 'promoted-manually',
      headline: 'Promoted manually by user:default/guest, analysis skipped',
      stoppedAt: { step: 2, totalSteps: 6, weight: 20 },
      actor: 'user:default/guest',
    });
  });

  it('has nothing to explain for a healthy or cleanly finished run', () => {
    expect(
      explainRun({
        canary: makeCanary(analysis, {
          phase: 'Progressing',
          canaryWeight: 20,
        }),
        items: faultyRun.slice(0, 6),
      }),
    ).toBeUndefined();
    expect(
      explainRun({
        canary: makeCanary(analysis, { phase: 'Succeeded' }),
        items: [
          event(9, 'Promotion completed! Scaling down podinfo.test', 'Normal'),
        ],
      }),
    ).toBeUndefined();
  });

  it('formats times the same everywhere', () => {
    expect(formatUtcTime('2026-12-07T11:06:30Z')).toBe('2026-12-07 11:06 UTC');
  });
});
