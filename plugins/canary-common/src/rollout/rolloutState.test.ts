import { describeRolloutState } from './rolloutState';
import { makeCanary } from '../__testUtils__/makeCanary';

const analysis = {
  interval: '1m',
  threshold: 5,
  maxWeight: 50,
  stepWeight: 10,
};

describe('describeRolloutState', () => {
  it('gives a label for every phase', () => {
    const phases = [
      '',
      'Initializing',
      'Initialized',
      'Waiting',
      'Progressing',
      'WaitingPromotion',
      'Promoting',
      'Finalising',
      'Succeeded',
      'Failed',
      'Terminating',
      'Terminated',
    ] as const;
    const labels = phases.map(
      phase => describeRolloutState(makeCanary(analysis, { phase })).label,
    );
    expect(labels).toEqual([
      'Pending',
      'Initializing',
      'Initialized',
      'Waiting for approval',
      'Progressing',
      'Waiting for promotion approval',
      'Promoting',
      'Finalising',
      'Succeeded',
      'Failed, rolled back',
      'Terminating',
      'Terminated',
    ]);
  });

  it('shows progress and failed checks while progressing', () => {
    const state = describeRolloutState(
      makeCanary(analysis, {
        phase: 'Progressing',
        canaryWeight: 30,
        failedChecks: 2,
      }),
    );
    expect(state.progress).toEqual({
      completedSteps: 3,
      totalSteps: 6,
      fraction: 0.5,
    });
    expect(state.description).toContain('30% of traffic (promotion at 50%)');
    expect(state.description).toContain('2 of 5 allowed failed checks');
    expect(state.weight).toEqual({
      status: 30,
      effective: 30,
      source: 'status',
    });
  });

  it('shows the real weight in WaitingPromotion where the status reads 0', () => {
    const state = describeRolloutState(
      makeCanary(analysis, { phase: 'WaitingPromotion', canaryWeight: 0 }),
    );
    expect(state.weight.status).toBe(0);
    expect(state.weight.effective).toBe(50);
    expect(state.weight.source).toBe('plan');
    expect(state.progress?.completedSteps).toBe(5);
  });

  it('uses the overshooting weight as the real one', () => {
    const state = describeRolloutState(
      makeCanary(
        { ...analysis, stepWeight: 20 },
        { phase: 'WaitingPromotion', canaryWeight: 0 },
      ),
    );
    expect(state.weight.effective).toBe(60);
  });

  it('says "Failed, reverted" when the workload is back on the promoted spec', () => {
    const state = describeRolloutState(
      makeCanary(analysis, {
        phase: 'Failed',
        lastAppliedSpec: '7b779dcc48',
        lastPromotedSpec: '7b779dcc48',
      }),
    );
    expect(state.label).toBe('Failed, reverted');
    expect(state.reverted).toBe(true);
    expect(state.revisionPending).toBe(false);
  });

  it('says a failed promotion leaves traffic on the canary', () => {
    const state = describeRolloutState(
      makeCanary(analysis, { phase: 'Failed', canaryWeight: 100 }),
    );
    expect(state.label).toBe('Failed, promotion failed');
    expect(state.weight.effective).toBe(100);
  });

  it('marks suspended and Kurator-managed canaries', () => {
    const state = describeRolloutState(
      makeCanary(
        analysis,
        { phase: 'Progressing', canaryWeight: 10 },
        { suspend: true },
        { 'kurator.dev/rollout': 'rollout-demo-0' },
      ),
    );
    expect(state.label).toBe('Paused (Progressing)');
    expect(state.tone).toBe('paused');
    expect(state.kuratorPolicy).toBe('rollout-demo-0');
  });

  it('reports A/B testing traffic as matched requests', () => {
    const state = describeRolloutState(
      makeCanary(
        {
          interval: '1m',
          threshold: 2,
          iterations: 10,
          match: [{ headers: { a: { exact: 'b' } } }],
        },
        { phase: 'Progressing', iterations: 4 },
      ),
    );
    expect(state.weight.matchedRequestsOnly).toBe(true);
    expect(state.iterations).toBe(4);
    expect(state.description).toBe('Analysis iteration 4 of 10.');
  });
});
