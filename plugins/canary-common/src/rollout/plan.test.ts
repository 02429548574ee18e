import { deriveStrategy } from './strategy';
import { planCanaryWeights, planRollout, getAnalysisIntervalMs } from './plan';

describe('deriveStrategy', () => {
  it('derives the four strategies like Flagger', () => {
    expect(deriveStrategy({ stepWeight: 10 }).strategy).toBe('canary');
    expect(
      deriveStrategy({
        iterations: 10,
        match: [{ headers: { x: { exact: 'a' } } }],
      }).strategy,
    ).toBe('ab-testing');
    expect(deriveStrategy({ iterations: 10 }).strategy).toBe('blue-green');
    expect(deriveStrategy({ iterations: 10, mirror: true }).label).toBe(
      'Blue/Green with traffic mirroring',
    );
  });

  it('applies the kubernetes provider adjustments', () => {
    const reading = deriveStrategy(
      { stepWeight: 10, match: [{ headers: { x: { exact: 'a' } } }] },
      'kubernetes',
    );
    expect(reading.strategy).toBe('blue-green');
    expect(reading.iterations).toBe(10);
    expect(reading.notes).toHaveLength(2);
  });
});

describe('planCanaryWeights', () => {
  it('steps linearly up to maxWeight', () => {
    expect(planCanaryWeights({ maxWeight: 50, stepWeight: 10 })).toEqual({
      weights: [10, 20, 30, 40, 50],
      maxWeight: 50,
      overshoot: false,
    });
  });

  it('overshoots maxWeight when stepWeight does not divide it', () => {
    expect(planCanaryWeights({ maxWeight: 50, stepWeight: 20 })).toEqual({
      weights: [20, 40, 60],
      maxWeight: 50,
      overshoot: true,
    });
  });

  it('defaults maxWeight to 100 and caps at 100', () => {
    expect(planCanaryWeights({ stepWeight: 30 }).weights).toEqual([
      30, 60, 90, 100,
    ]);
  });

  it('uses stepWeights with maxWeight = the last entry', () => {
    expect(
      planCanaryWeights({ stepWeights: [1, 2, 10, 80], maxWeight: 20 }),
    ).toEqual({
      weights: [1, 2, 10, 80],
      maxWeight: 80,
      overshoot: false,
    });
  });
});

describe('planRollout', () => {
  it('plans a canary run with its promotion and duration', () => {
    const plan = planRollout({
      interval: '90s',
      maxWeight: 50,
      stepWeight: 10,
    });
    expect(
      plan.steps.map(s => (s.kind === 'weight' ? s.weight : s.kind)),
    ).toEqual([10, 20, 30, 40, 50, 'promote']);
    expect(plan.minimumDurationMs).toBe(6 * 90_000);
  });

  it('warns about overshoot', () => {
    expect(planRollout({ maxWeight: 50, stepWeight: 20 }).warnings[0]).toMatch(
      /overshoots maxWeight 50.*60%/,
    );
  });

  it('plans Blue/Green iterations then all traffic to canary', () => {
    const plan = planRollout({ iterations: 3, mirror: true });
    expect(plan.steps).toEqual([
      { kind: 'iteration', iteration: 1, iterations: 3, traffic: 'mirrored' },
      { kind: 'iteration', iteration: 2, iterations: 3, traffic: 'mirrored' },
      { kind: 'iteration', iteration: 3, iterations: 3, traffic: 'mirrored' },
      { kind: 'route-all-to-canary', mirroringStopped: true },
      { kind: 'promote' },
    ]);
  });

  it('plans A/B iterations on matched traffic', () => {
    const plan = planRollout({
      iterations: 2,
      match: [{ headers: { a: { exact: 'b' } } }],
    });
    expect(plan.steps.map(s => s.kind)).toEqual([
      'iteration',
      'iteration',
      'promote',
    ]);
  });

  it('clamps the interval like Flagger', () => {
    expect(getAnalysisIntervalMs({ interval: '5s' })).toBe(10_000);
    expect(getAnalysisIntervalMs({})).toBe(60_000);
    expect(getAnalysisIntervalMs({ interval: '1m' })).toBe(60_000);
  });
});
