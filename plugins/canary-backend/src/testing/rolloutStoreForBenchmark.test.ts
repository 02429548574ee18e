import type { Canary } from '@backstage-canary/plugin-canary-common';
import { pluginDatabases } from '../__testUtils__/pluginDatabases';
import { RolloutStore } from '../lib/store/RolloutStore';
import { createRolloutStoreForBenchmark } from '.';

const databases = pluginDatabases();

const key = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};

function canary(phase: string, weight: number, time: string): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'backend', namespace: 'webapp' },
    spec: { targetRef: { kind: 'Deployment', name: 'backend' } },
    status: {
      phase,
      canaryWeight: weight,
      failedChecks: 0,
      lastAppliedSpec: 'rev-2',
      lastPromotedSpec: 'rev-1',
      lastTransitionTime: time,
    },
  } as unknown as Canary;
}

describe.each(databases.eachSupportedId())(
  'createRolloutStoreForBenchmark on %p',
  databaseId => {
    it('reads the timeline the recorder wrote and prunes it, through the testing entry point', async () => {
      const db = await databases.migrated(databaseId);
      const recorder = new RolloutStore({ db });
      for (const [phase, weight, time] of [
        ['Progressing', 0, '2026-11-22T10:00:00Z'],
        ['Progressing', 10, '2026-11-22T10:01:00Z'],
        ['Progressing', 20, '2026-11-22T10:02:00Z'],
      ] as const) {
        await recorder.recordCanary(key.cluster, canary(phase, weight, time));
      }

      const store = createRolloutStoreForBenchmark({ db });
      const first = await store.timeline(key, { limit: 2 });
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toBeDefined();
      const rest = await store.timeline(key, {
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(rest.items).toHaveLength(1);
      expect(
        (await store.timeline(key, { kinds: ['transition'] })).items,
      ).toHaveLength(3);

      expect(await store.prune(new Date('2026-11-22T10:01:30Z'))).toBe(2);
      expect((await store.timeline(key)).items).toHaveLength(1);
    });
  },
);
