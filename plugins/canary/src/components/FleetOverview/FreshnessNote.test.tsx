import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RolloutLane } from './RolloutLane';
import { rollout } from '../../__testUtils__/rollouts';

const now = Date.parse('2026-12-07T10:00:00Z');

describe('the lane says how current its cluster is', () => {
  it('shows a watched cluster as in sync, with when it was last heard from', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member1')}
        freshness={{
          cluster: 'kurator-member1',
          source: 'watch',
          connectedSince: '2026-12-07T09:00:00Z',
          lastContactAt: '2026-12-07T09:59:57Z',
        }}
      />,
    );
    expect(screen.getByText('Watched · in sync')).toHaveAttribute(
      'title',
      expect.stringMatching(/last heard from kurator-member1 3s ago$/),
    );
  });

  it('says a cluster whose watches broke was read for this answer, and why, as an error', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member2')}
        freshness={{
          cluster: 'kurator-member2',
          source: 'live',
          disconnected: true,
          reason:
            'its watches broke and are reconnecting (Cluster kurator-member2 did not answer within 10 s)',
        }}
      />,
    );
    expect(screen.getByRole('status')).toHaveTextContent(
      'Read from kurator-member2 for this answer: its watches broke and are reconnecting (Cluster kurator-member2 did not answer within 10 s)',
    );
    expect(screen.queryByText('Watched · in sync')).not.toBeInTheDocument();
  });
});
