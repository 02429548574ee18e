import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { pluginDatabases } from '../../__testUtils__/pluginDatabases';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import { RolloutStore } from '../store/RolloutStore';
import type { ActionWrite } from './actionWrite';
import { PendingActionSettler } from './PendingActionSettler';

jest.setTimeout(30_000);

const databases = pluginDatabases();

const CANARY_PATH =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';
const pause: ActionWrite = {
  cluster: 'prod',
  path: CANARY_PATH,
  patch: { type: 'merge', value: { spec: { suspend: true } } },
};
const key = { cluster: 'prod', namespace: 'shop', name: 'checkout' };

/** The cluster as the settler reads it: the canary's spec, or a failing cluster. */
function cluster(initial: { spec?: Record<string, unknown>; down?: boolean }) {
  const state = { ...initial };
  const reads: string[] = [];
  const gateway = {
    get: async (name: string, path: string) => {
      reads.push(`${name}${path}`);
      if (state.down) {
        throw new ServiceUnavailableError(
          `Cluster ${name}: connect ECONNREFUSED`,
        );
      }
      return { metadata: { resourceVersion: '7' }, spec: state.spec };
    },
  } as unknown as ClusterGateway;
  return { state, reads, gateway };
}

describe.each(databases.eachSupportedId())(
  'PendingActionSettler on %s',
  databaseId => {
    async function setup(clock: { now: Date }) {
      const store = new RolloutStore({
        db: await databases.migrated(databaseId),
      });
      const log = async () =>
        (await store.timeline(key, { kinds: ['action'] })).items.map(
          (item: any) => ({ outcome: item.outcome, message: item.message }),
        );
      const send = (write: ActionWrite, settleBy: Date) =>
        store.pendingActions.start([key], {
          entityRef: 'component:default/checkout',
          action: 'pause',
          actor: 'user:default/alice',
          reason: 'look',
          message: 'pause sent to prod',
          write,
          settleBy,
          at: clock.now,
        });
      return { store, log, send };
    }

    it('records a write that landed as applied and one that did not as not applied, once their time has come', async () => {
      const clock = { now: new Date('2026-12-07T10:00:00Z') };
      const { store, log, send } = await setup(clock);
      const settleBy = new Date('2026-12-07T10:00:35Z');
      await send(pause, settleBy);
      const fleet = cluster({ spec: { suspend: true } });
      const auditor = mockServices.auditor.mock();
      const settler = new PendingActionSettler({
        gateway: fleet.gateway,
        store,
        auditor,
        now: () => clock.now,
      });

      // The instance that sent it may still be waiting for the answer: not touched.
      clock.now = new Date('2026-12-07T10:00:30Z');
      expect(await settler.settleDue()).toBe(0);
      expect(fleet.reads).toEqual([]);
      expect(await log()).toEqual([
        { outcome: 'pending', message: 'pause sent to prod' },
      ]);

      clock.now = new Date('2026-12-07T10:00:40Z');
      expect(await settler.settleDue()).toBe(1);
      expect(fleet.reads).toEqual([`prod${CANARY_PATH}`]);
      expect(await log()).toEqual([
        {
          outcome: 'succeeded',
          message: expect.stringMatching(
            /^pause applied: its answer never came .* a read of prod at 2026-12-07T10:00:40.000Z shows the change in place\.$/,
          ),
        },
      ]);
      expect(auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'rollout-action-settled',
          meta: expect.objectContaining({
            action: 'pause',
            actor: 'user:default/alice',
            clusterChanged: true,
          }),
        }),
      );
      // Settled once: a second pass finds nothing.
      expect(await settler.settleDue()).toBe(0);

      fleet.state.spec = { suspend: false };
      await send(pause, settleBy);
      expect(await settler.settleDue()).toBe(1);
      expect((await log())[0]).toEqual({
        outcome: 'failed',
        message: expect.stringMatching(
          /^pause not applied: .* shows the object without the change\.$/,
        ),
      });
    });

    it('keeps an action pending while its cluster cannot be read, and settles it when it can', async () => {
      const clock = { now: new Date('2026-12-07T10:00:00Z') };
      const { store, log, send } = await setup(clock);
      await send(pause, new Date('2026-12-07T10:00:35Z'));
      const fleet = cluster({ spec: { suspend: true }, down: true });
      const settler = new PendingActionSettler({
        gateway: fleet.gateway,
        store,
        now: () => clock.now,
      });
      clock.now = new Date('2026-12-07T10:01:00Z');
      expect(await settler.settleDue()).toBe(0);
      expect(await log()).toEqual([
        {
          outcome: 'pending',
          message: expect.stringMatching(
            /prod cannot be read now \(Cluster prod: connect ECONNREFUSED\): whether it was applied is read again at 2026-12-07T10:01:30.000Z\.$/,
          ),
        },
      ]);
      fleet.state.down = false;
      // Not before the time it named.
      clock.now = new Date('2026-12-07T10:01:20Z');
      expect(await settler.settleDue()).toBe(0);
      clock.now = new Date('2026-12-07T10:01:30Z');
      expect(await settler.settleDue()).toBe(1);
      expect((await log())[0].outcome).toBe('succeeded');
    });

    it('settles a row once when two instances settle at the same time', async () => {
      const clock = { now: new Date('2026-12-07T10:00:00Z') };
      const { store, log, send } = await setup(clock);
      await send(pause, new Date('2026-12-07T10:00:35Z'));
      clock.now = new Date('2026-12-07T10:01:00Z');
      const settlers = [0, 1].map(
        () =>
          new PendingActionSettler({
            gateway: cluster({ spec: { suspend: true } }).gateway,
            store,
            now: () => clock.now,
          }),
      );
      const settled = await Promise.all(settlers.map(s => s.settleDue()));
      expect(settled.sort()).toEqual([0, 1]);
      expect(await log()).toHaveLength(1);
    });
  },
);
