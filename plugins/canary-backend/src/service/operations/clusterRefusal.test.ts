import { clusterRefusal } from './clusterRefusal';
import type { EntityRollouts } from '../../lib/resolve/RolloutTarget';

const canary = { cluster: 'member2', namespace: 'payments', name: 'payments' };
const forbidden = {
  cluster: 'member2',
  name: 'NotAllowedError',
  message:
    'Cluster member2: canaries.flagger.app "payments" is forbidden: User "oidc:mallory" cannot get resource "canaries"',
};

describe('clusterRefusal', () => {
  it("answers the cluster's refusal of the caller, from the entity's errors or the rollout's", () => {
    const fromErrors = clusterRefusal(
      { rollouts: [], errors: [forbidden] },
      canary,
    );
    expect(fromErrors?.name).toBe('NotAllowedError');
    expect(fromErrors?.message).toContain('oidc:mallory');

    const fromRollout = clusterRefusal(
      {
        rollouts: [{ ...canary, found: false, error: forbidden }],
        errors: [],
      } as unknown as EntityRollouts,
      canary,
    );
    expect(fromRollout?.name).toBe('NotAllowedError');

    const unauthenticated = clusterRefusal(
      {
        rollouts: [],
        errors: [{ ...forbidden, name: 'AuthenticationError' }],
      },
      canary,
    );
    expect(unauthenticated?.name).toBe('AuthenticationError');
  });

  it("ignores other clusters' refusals and errors that are not refusals", () => {
    expect(
      clusterRefusal(
        { rollouts: [], errors: [{ ...forbidden, cluster: 'member1' }] },
        canary,
      ),
    ).toBeUndefined();
    expect(
      clusterRefusal(
        {
          rollouts: [],
          errors: [{ ...forbidden, name: 'ServiceUnavailableError' }],
        },
        canary,
      ),
    ).toBeUndefined();
  });
});
