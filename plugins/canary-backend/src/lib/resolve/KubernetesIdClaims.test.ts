import { ServiceUnavailableError } from '@backstage/errors';
import {
  type KubernetesIdClaims,
  RememberedKubernetesIdClaims,
} from './KubernetesIdClaims';

/** Claims as the catalog holds them now, counting the queries that reach it. */
function catalogClaims(initial: Record<string, string[]>) {
  const state = { claims: initial, down: false, queries: 0 };
  const claims: KubernetesIdClaims = {
    async claimants(id) {
      state.queries += 1;
      if (state.down) throw new ServiceUnavailableError('catalog is down');
      return state.claims[id] ?? [];
    },
  };
  return { state, claims };
}

describe('RememberedKubernetesIdClaims', () => {
  it('answers again from memory within the time to live, and asks the catalog once it expired', async () => {
    let clock = 1_000_000;
    const { state, claims } = catalogClaims({
      podinfo: ['component:default/podinfo'],
    });
    const remembered = new RememberedKubernetesIdClaims({
      claims,
      ttlMs: 5_000,
      now: () => clock,
    });
    await expect(remembered.claimants('podinfo')).resolves.toEqual([
      'component:default/podinfo',
    ]);
    // A second entity claims the id: seen once the first answer expired.
    state.claims = {
      podinfo: ['component:default/podinfo', 'component:default/impostor'],
    };
    clock += 4_000;
    await expect(remembered.claimants('podinfo')).resolves.toEqual([
      'component:default/podinfo',
    ]);
    expect(state.queries).toBe(1);
    clock += 2_000;
    await expect(remembered.claimants('podinfo')).resolves.toEqual([
      'component:default/podinfo',
      'component:default/impostor',
    ]);
    expect(state.queries).toBe(2);
  });

  it('does not remember a failed query, and shares one query among concurrent lookups', async () => {
    const { state, claims } = catalogClaims({ web: ['component:default/web'] });
    const remembered = new RememberedKubernetesIdClaims({ claims });
    state.down = true;
    await expect(remembered.claimants('web')).rejects.toThrow(
      'catalog is down',
    );
    state.down = false;
    const answers = await Promise.all(
      [1, 2, 3].map(() => remembered.claimants('web')),
    );
    expect(answers).toEqual([
      ['component:default/web'],
      ['component:default/web'],
      ['component:default/web'],
    ]);
    expect(state.queries).toBe(2);
  });
});
