import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RolloutLane } from './RolloutLane';
import { baseState, rollout } from '../../__testUtils__/rollouts';
import { clockTime } from './clockTime';

// The lane's pending states and run clock: what waits for Flagger's next check, and how long the
// run has taken and has left.
const now = Date.parse('2026-12-07T12:03:30Z');

const progressing = baseState({
  phase: 'Progressing',
  label: 'Progressing',
  tone: 'progress',
  description: 'Analysing the canary at 20% of traffic.',
  weight: { status: 20, effective: 20, source: 'status' },
  progress: { completedSteps: 2, totalSteps: 6, fraction: 2 / 6 },
});

describe('RolloutLane pending states and run clock', () => {
  it('says a promote is pending, by whom, and when it takes effect at the latest', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member1', {
          state: progressing,
          pending: {
            kind: 'promote',
            actor: 'user:default/guest',
            requestedAt: '2026-12-07T12:03:00Z',
            intervalMs: 60_000,
            kurator: true,
            takesEffectBy: '2026-12-07T12:04:30Z',
          },
        })}
      />,
    );
    const note = screen.getByRole('status', { name: 'Pending promote' });
    expect(note).toHaveTextContent(
      `Promote requested by guest at ${clockTime(
        '2026-12-07T12:03:00Z',
      )}; takes effect once Kurator re-renders the canary (~30s) and at Flagger's next check (every 1m), at the latest ${clockTime(
        '2026-12-07T12:04:30Z',
      )}.`,
    );
  });

  it("says a native canary's promote takes effect at the next check", async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('prod', {
          kurator: undefined,
          source: 'annotation',
          state: progressing,
          pending: {
            kind: 'promote',
            actor: 'plugin:release-bot',
            requestedAt: '2026-12-07T12:03:00Z',
            intervalMs: 30_000,
            kurator: false,
            takesEffectBy: '2026-12-07T12:03:30Z',
          },
        })}
      />,
    );
    expect(
      screen.getByRole('status', { name: 'Pending promote' }),
    ).toHaveTextContent(
      `Promote requested by plugin:release-bot at ${clockTime(
        '2026-12-07T12:03:00Z',
      )}; takes effect at Flagger's next check (every 30s), at the latest`,
    );
  });

  it('says a new revision was detected while the lane still shows the promoted run', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member1', {
          pending: {
            kind: 'new-revision',
            images: ['stefanprodan/podinfo:6.0.5'],
            previousImages: ['stefanprodan/podinfo:6.0.4'],
            intervalMs: 90_000,
          },
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member1' });
    expect(within(lane).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(lane).getByRole('status', { name: 'New revision detected' }),
    ).toHaveTextContent(
      "New revision detected (stefanprodan/podinfo:6.0.5; the last run had stefanprodan/podinfo:6.0.4): the run starts at Flagger's next check (every 1m 30s).",
    );
  });

  it("shows the run's elapsed time and the time left from the plan, the time in phase beside", async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member1', {
          state: progressing,
          run: { number: 3, startedAt: '2026-12-07T12:01:00Z' },
          lastTransitionTime: '2026-12-07T12:03:00Z',
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member1' });
    expect(within(lane).getByText('Run #3 time')).toBeInTheDocument();
    expect(within(lane).getByText('2m 30s')).toBeInTheDocument();
    // 4 steps of 1m left, 30 s into the current one.
    expect(
      within(lane).getByText('about 3m 30s left (4 steps of 1m)'),
    ).toBeInTheDocument();
    expect(within(lane).getByText('in this phase for 30s')).toBeInTheDocument();
    expect(within(lane).queryByText('In this phase for')).toBeNull();
    expect(within(lane).queryByRole('status')).toBeNull();
  });

  it('gives no estimate while the run waits for approval', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('prod', {
          state: baseState({
            phase: 'WaitingPromotion',
            label: 'Waiting for promotion approval',
            tone: 'waiting',
            progress: { completedSteps: 5, totalSteps: 6, fraction: 5 / 6 },
          }),
          run: { number: 1, startedAt: '2026-12-07T11:58:00Z' },
        })}
      />,
    );
    expect(screen.getByText('5m 30s')).toBeInTheDocument();
    expect(
      screen.getByText('waiting for approval: no estimate'),
    ).toBeInTheDocument();
  });

  it('keeps the time in phase outside a run', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('prod', {
          run: {
            number: 2,
            startedAt: '2026-12-07T11:00:00Z',
            endedAt: '2026-12-07T11:08:00Z',
          },
          lastTransitionTime: '2026-12-07T11:08:00Z',
        })}
      />,
    );
    expect(screen.getByText('In this phase for')).toBeInTheDocument();
    expect(screen.getByText('55m 30s')).toBeInTheDocument();
    expect(screen.queryByText(/Run #2/)).toBeNull();
  });
});
