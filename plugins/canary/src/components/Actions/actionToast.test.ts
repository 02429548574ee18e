import { actionToast } from './actionToast';

const rollout = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};
const affects = (...clusters: string[]) =>
  clusters.map(cluster => ({ cluster, namespace: 'webapp', name: 'backend' }));

describe('actionToast', () => {
  it('states the outcome on one line, counting the clusters of a policy', () => {
    expect(
      actionToast('pause', rollout, {
        affects: affects('kurator-member1', 'kurator-member2'),
        changed: true,
      }),
    ).toEqual({
      message: 'Paused webapp/backend on 2 clusters',
      severity: 'success',
    });
  });

  it('names the one cluster of a native canary', () => {
    expect(
      actionToast('promote', rollout, {
        affects: affects('kurator-member1'),
        changed: true,
      }).message,
    ).toBe('Promote requested for webapp/backend on kurator-member1');
  });

  it('says a repeated action changed nothing, without claiming success', () => {
    expect(
      actionToast('pause', rollout, { affects: [], changed: false }),
    ).toEqual({
      message:
        'Nothing changed: webapp/backend on kurator-member1 was already paused',
      severity: 'info',
    });
  });
});
