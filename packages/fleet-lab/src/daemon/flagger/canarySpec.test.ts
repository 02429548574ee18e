import {
  analysisIntervalMs,
  failedChecksThreshold,
  maxWeight,
  nextStepWeight,
  strategyOf,
} from './canarySpec';

const withAnalysis = (analysis: any) => ({ spec: { analysis } } as any);

describe('canarySpec', () => {
  it('steps by stepWeight, or to the next of stepWeights', () => {
    const weights = withAnalysis({ stepWeights: [5, 20, 60] });
    expect(maxWeight(weights)).toBe(60);
    expect([0, 5, 20].map(w => nextStepWeight(weights, w))).toEqual([
      5, 15, 40,
    ]);
    expect(nextStepWeight(weights, 60)).toBe(40);
    expect(nextStepWeight(weights, 100)).toBe(1);
    const step = withAnalysis({ stepWeight: 10 });
    expect(maxWeight(step)).toBe(100);
    expect(nextStepWeight(step, 30)).toBe(10);
  });

  it('tells canary, A/B testing and blue/green apart', () => {
    expect(strategyOf(withAnalysis({ stepWeight: 10 }))).toBe('canary');
    expect(strategyOf(withAnalysis({ iterations: 3 }))).toBe('blue-green');
    expect(strategyOf(withAnalysis({ iterations: 3, match: [{}] }))).toBe(
      'ab-testing',
    );
  });

  it('treats an unset threshold as 1', () => {
    expect(failedChecksThreshold(withAnalysis({}))).toBe(1);
    expect(failedChecksThreshold(withAnalysis({ threshold: 5 }))).toBe(5);
  });

  it('scales the analysis interval, but not below 3s', () => {
    expect(analysisIntervalMs(withAnalysis({}), 1)).toBe(60_000);
    expect(analysisIntervalMs(withAnalysis({ interval: '5s' }), 1)).toBe(
      10_000,
    );
    expect(analysisIntervalMs(withAnalysis({ interval: '1m' }), 10)).toBe(
      6_000,
    );
    expect(analysisIntervalMs(withAnalysis({ interval: '1m' }), 60)).toBe(
      3_000,
    );
  });
});
