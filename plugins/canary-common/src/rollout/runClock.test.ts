import { planRollout } from './plan';
import { runClock } from './runClock';

const plan = planRollout({
  interval: '1m',
  threshold: 2,
  stepWeight: 10,
  maxWeight: 50,
});
const at = (iso: string) => Date.parse(iso);

describe('runClock', () => {
  it('counts the elapsed time from the run start and the time left from the plan', () => {
    // 5 weight steps and the promotion; 2 steps done, 30 s into the third.
    const clock = runClock({
      state: {
        phase: 'Progressing',
        plan,
        progress: { completedSteps: 2, totalSteps: 6, fraction: 2 / 6 },
        suspended: false,
      },
      startedAt: '2026-12-07T12:00:00Z',
      lastTransitionTime: '2026-12-07T12:02:00Z',
      now: at('2026-12-07T12:02:30Z'),
    });
    expect(clock).toEqual({
      elapsedMs: 150_000,
      stepsLeft: 4,
      intervalMs: 60_000,
      remainingMs: 4 * 60_000 - 30_000,
    });
  });

  it('does not count more than an interval on the current step', () => {
    const clock = runClock({
      state: {
        phase: 'Progressing',
        plan,
        progress: { completedSteps: 5, totalSteps: 6, fraction: 5 / 6 },
        suspended: false,
      },
      startedAt: '2026-12-07T12:00:00Z',
      lastTransitionTime: '2026-12-07T12:05:00Z',
      now: at('2026-12-07T12:09:00Z'),
    });
    expect(clock?.remainingMs).toBe(0);
  });

  it('gives no estimate while waiting at a gate or paused', () => {
    const waiting = runClock({
      state: {
        phase: 'WaitingPromotion',
        plan,
        progress: { completedSteps: 5, totalSteps: 6, fraction: 5 / 6 },
        suspended: false,
      },
      startedAt: '2026-12-07T12:00:00Z',
      now: at('2026-12-07T12:07:00Z'),
    });
    expect(waiting).toMatchObject({
      elapsedMs: 420_000,
      noEstimate: 'waiting-for-approval',
    });
    expect(waiting?.remainingMs).toBeUndefined();
    const paused = runClock({
      state: { phase: 'Progressing', plan, suspended: true },
      startedAt: '2026-12-07T12:00:00Z',
      now: at('2026-12-07T12:07:00Z'),
    });
    expect(paused?.noEstimate).toBe('paused');
  });

  it('has no clock outside a run or without its start', () => {
    expect(
      runClock({
        state: { phase: 'Succeeded', plan, suspended: false },
        startedAt: '2026-12-07T12:00:00Z',
        now: at('2026-12-07T12:07:00Z'),
      }),
    ).toBeUndefined();
    expect(
      runClock({
        state: { phase: 'Progressing', plan, suspended: false },
        now: at('2026-12-07T12:07:00Z'),
      }),
    ).toBeUndefined();
  });
});
