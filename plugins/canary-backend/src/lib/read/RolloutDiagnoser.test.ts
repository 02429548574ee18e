import {
  type Canary,
  describeRolloutState,
  type RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import { canaryKey, flaggerEvent } from '../store/__testUtils__/labReleases';
import { RolloutStore } from '../store/RolloutStore';
import { RolloutDiagnoser } from './RolloutDiagnoser';

const databases = pluginDatabases();
const cluster = 'kurator-member1';
const key = { ...canaryKey, cluster };
const ago = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

function canary(phase: string, minutesAgo: number): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: key.name, namespace: key.namespace },
    spec: {
      targetRef: { kind: 'Deployment', name: 'backend' },
      analysis: {
        interval: '1m',
        threshold: 5,
        metrics: [{ name: 'error-rate', query: 'sum(rate(errors[1m]))' }],
      },
    },
    status: {
      phase,
      canaryWeight: 10,
      failedChecks: 0,
      lastAppliedSpec: 'rev-2',
      lastPromotedSpec: 'rev-1',
      lastTransitionTime: ago(minutesAgo),
    },
  } as unknown as Canary;
}

function lane(of: Canary): RolloutSummary {
  return {
    ...key,
    source: 'annotation',
    found: true,
    state: describeRolloutState(of),
  };
}

describe.each(databases.eachSupportedId())(
  'RolloutDiagnoser on %s',
  databaseId => {
    async function setUp(live: Canary) {
      const store = new RolloutStore({
        db: await databases.migrated(databaseId),
      });
      const reads: string[] = [];
      const diagnoser = new RolloutDiagnoser({
        gateway: {
          get: async <T>(at: string, path: string) => {
            reads.push(`${at} ${path}`);
            return live as T;
          },
        },
        store,
      });
      return { store, diagnoser, reads };
    }

    it('says which metric returns no data, from the run Flagger halts at each check', async () => {
      const live = canary('Progressing', 4);
      const { store, diagnoser, reads } = await setUp(live);
      await store.recordCanary(cluster, {
        ...live,
        status: { ...live.status!, canaryWeight: 0 },
      } as Canary);
      await store.recordCanary(cluster, live);
      const message =
        'Halt advancement no values found for custom metric: error-rate: no values found for query';
      for (const [count, minutes] of [
        [1, 3],
        [2, 2],
        [3, 1],
      ]) {
        await store.recordEvent(
          key,
          flaggerEvent('e-1', ago(minutes), message, {
            type: 'Warning',
            count,
          }),
        );
      }

      const diagnosed = await diagnoser.addToRollout(lane(live));

      expect(reads).toEqual([
        `${cluster} /apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend`,
      ]);
      expect(diagnosed.diagnosis).toMatchObject({
        moving: false,
        headline: 'Stuck: error-rate returned no data for 3 checks',
        causes: [
          {
            cause: 'metric-no-data',
            subject: 'error-rate',
            query: 'sum(rate(errors[1m]))',
          },
        ],
      });
    });

    it('reads nothing for a canary at rest', async () => {
      const live = canary('Succeeded', 30);
      const { diagnoser, reads } = await setUp(live);
      const diagnosed = await diagnoser.addToRollout(lane(live));
      expect(diagnosed.diagnosis).toBeUndefined();
      expect(reads).toEqual([]);
    });

    it('leaves the lane as it was when the canary cannot be read', async () => {
      const live = canary('Progressing', 1);
      const store = new RolloutStore({
        db: await databases.migrated(databaseId),
      });
      const diagnoser = new RolloutDiagnoser({
        gateway: {
          get: async () => {
            throw new Error('connect ECONNREFUSED');
          },
        },
        store,
      });
      expect(await diagnoser.addToRollout(lane(live))).toEqual(lane(live));
    });
  },
);
