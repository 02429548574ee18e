import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RolloutLane } from './RolloutLane';
import { baseState, rollout } from '../../__testUtils__/rollouts';
import { clockTime } from './clockTime';

const now = Date.parse('2026-12-07T16:20:00Z');
const error = {
  cluster: 'kurator-member2',
  name: 'ServiceUnavailableError',
  message: 'Cluster kurator-member2: HTTP 500',
};
const unreachable = (
  overrides: Parameters<typeof rollout>[1] = {},
): ReturnType<typeof rollout> => ({
  ...rollout('kurator-member2', overrides),
  found: false,
  state: undefined,
  revision: undefined,
  failedChecks: undefined,
  error,
});

describe('RolloutLane of an unreachable cluster', () => {
  it('shows since when it is unreachable and its last recorded state, greyed and labelled', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={unreachable({
          recorded: {
            state: baseState({
              phase: 'Progressing',
              label: 'Progressing',
              tone: 'progress',
              weight: { status: 30, effective: 30, source: 'status' },
              failedChecks: 1,
            }),
            revision: { images: ['stefanprodan/podinfo:6.0.5'] },
            lastTransitionTime: '2026-12-07T16:09:00Z',
            recordedAt: '2026-12-07T16:09:01Z',
            unreachableSince: '2026-12-07T16:10:00Z',
          },
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member2' });
    expect(
      within(lane).getByText(
        new RegExp(
          `kurator-member2 is unreachable since ${clockTime(
            '2026-12-07T16:10:00Z',
          )}; showing the last recorded state`,
        ),
      ),
    ).toBeInTheDocument();
    expect(within(lane).queryByText(/Could not read/)).toBeNull();
    const recorded = within(lane).getByRole('group', {
      name: 'Last recorded state on kurator-member2',
    });
    expect(within(recorded).getByText('Last recorded')).toBeInTheDocument();
    expect(within(recorded).getByText('Progressing')).toBeInTheDocument();
    expect(within(recorded).getByText('30%')).toBeInTheDocument();
    expect(within(recorded).getByText('1 of 2')).toBeInTheDocument();
    expect(
      within(recorded).getByText('stefanprodan/podinfo:6.0.5'),
    ).toBeInTheDocument();
    expect(within(recorded).getByText('11m ago')).toBeInTheDocument();
    expect(getComputedStyle(recorded).opacity).toBe('0.6');
  });

  it('says the cluster could not be read when nothing was recorded', async () => {
    await renderInTestApp(<RolloutLane now={now} rollout={unreachable()} />);
    expect(
      screen.getByText(
        'Could not read kurator-member2: Cluster kurator-member2: HTTP 500',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('group')).toBeNull();
  });
});
