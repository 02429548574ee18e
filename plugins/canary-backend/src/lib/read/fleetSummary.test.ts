import type { RolloutState } from '@backstage-canary/plugin-canary-common';
import { summarizeFleet } from './fleetSummary';
import type { RolloutSummary } from '@backstage-canary/plugin-canary-common';

const rollout = (
  cluster: string,
  phase?: RolloutState['phase'],
  extra: Partial<RolloutSummary> = {},
): RolloutSummary => ({
  cluster,
  namespace: 'webapp',
  name: 'backend',
  source: 'kurator',
  found: phase !== undefined,
  state: phase
    ? ({ phase, suspended: false } as unknown as RolloutState)
    : undefined,
  ...extra,
});

describe('summarizeFleet', () => {
  it('counts promoted clusters and names the others', () => {
    expect(
      summarizeFleet([
        rollout('kurator-member1', 'Succeeded'),
        rollout('kurator-member2', 'Succeeded'),
        rollout('kurator-member3', 'WaitingPromotion'),
      ]),
    ).toBe('2 of 3 clusters promoted, 1 waiting for approval');
  });

  it('tells failed, unreachable and not yet rendered clusters apart', () => {
    expect(
      summarizeFleet([
        rollout('a', 'Failed'),
        rollout('b', undefined, {
          error: {
            cluster: 'b',
            name: 'ServiceUnavailableError',
            message: 'x',
          },
        }),
        rollout('c'),
      ]),
    ).toBe('0 of 3 clusters promoted, 1 failed, 1 not deployed, 1 unreachable');
  });

  it('says when nothing was found, and when nothing could be read', () => {
    expect(summarizeFleet([])).toBe('No rollouts found');
    expect(summarizeFleet([], ['host', 'host'])).toBe(
      'No rollouts could be read from host',
    );
  });
});
