import type { RolloutRun } from '@backstage-canary/plugin-canary-common';
import { isLiveRange, resolveMetricsRange } from './metricsRange';

const now = Date.parse('2026-11-22T03:00:00Z');
const run: RolloutRun = {
  id: 20,
  number: 2,
  revision: 'abc',
  images: [],
  startedAt: '2026-11-22T02:00:00Z',
  endedAt: '2026-11-22T02:10:00Z',
  outcome: 'Succeeded',
};
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('resolveMetricsRange', () => {
  it('spans a finished run with a minute on either side, about 120 points, asking for its checks', () => {
    expect(resolveMetricsRange('run', run, now)).toEqual({
      start: seconds('2026-11-22T01:59:00Z'),
      end: seconds('2026-11-22T02:11:00Z'),
      stepSeconds: 6,
      runId: 20,
    });
    expect(isLiveRange('run', run)).toBe(false);
  });

  it('reaches up to now while the run goes on', () => {
    const running = { ...run, endedAt: undefined, outcome: undefined };
    const range = resolveMetricsRange('run', running, now);
    expect(range.runId).toBe(20);
    expect(range.end).toBe(now / 1000);
    expect(range.start).toBe(seconds('2026-11-22T01:59:00Z'));
    expect(isLiveRange('run', running)).toBe(true);
  });

  it('reads the last hour or six hours of every run, and the last hour without a run', () => {
    expect(resolveMetricsRange('last-6-hours', run, now)).toEqual({
      start: now / 1000 - 6 * 3600,
      end: now / 1000,
      stepSeconds: 180,
    });
    const hour = resolveMetricsRange('run', undefined, now);
    expect(hour.end - hour.start).toBe(3600);
    expect(hour.stepSeconds).toBe(30);
    expect(hour.runId).toBeUndefined();
  });
});
