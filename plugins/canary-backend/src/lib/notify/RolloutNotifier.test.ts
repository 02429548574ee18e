import path from 'path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { Canary } from '@backstage-canary/plugin-canary-common';
import type { ClusterGateway, KubeWatchEvent } from '../cluster/ClusterGateway';
import { RolloutRecorder } from '../recorder/RolloutRecorder';
import { RolloutBinder } from '../resolve/RolloutBinder';
import { EntityRolloutFinder } from '../resolve/EntityRolloutFinder';
import { RolloutStore } from '../store/RolloutStore';
import { CanaryOwnerLookup, selectorMayMatch } from './CanaryOwnerLookup';
import { NotificationOutbox } from './NotificationOutbox';
import { RolloutNotifier } from './RolloutNotifier';

// The recorder, store (SQLite), entity resolution and owner lookup are the real ones; the cluster is
// an in-memory fake of the gateway, and the notification service a fake that keeps what it is sent.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const migrations = path.resolve(__dirname, '../../../migrations');

const CANARY_PATH =
  '/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout';

function canary(
  phase: string,
  status: Partial<NonNullable<Canary['status']>> = {},
): Canary {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'checkout',
      namespace: 'shop',
      uid: 'c-1',
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
    },
    spec: {
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout',
      },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 2, maxWeight: 50, stepWeight: 10 },
    },
    status: {
      phase: phase as any,
      canaryWeight: 0,
      failedChecks: 0,
      lastAppliedSpec: 'rev-2',
      ...status,
    },
  } as Canary;
}

/** One cluster, `prod`, whose canary and Events the test changes; watches replay what is queued. */
class FakeCluster implements Partial<ClusterGateway> {
  current: Canary = canary('Progressing', {
    canaryWeight: 10,
    lastTransitionTime: '2026-11-22T10:00:00Z',
  });
  private version = 1;
  private queued: Record<string, Array<KubeWatchEvent<any>>> = {
    canaries: [],
    events: [],
  };
  expireNextWatch = false;

  /** Changes the canary; its watch reports the change. */
  modify(next: Canary) {
    this.current = this.stamp(next);
    this.queued.canaries.push({ type: 'MODIFIED', object: this.current });
  }

  /** Emits a Kubernetes Event about the canary. */
  emit(uid: string, reason: string, message: string, count = 1) {
    this.queued.events.push({
      type: 'ADDED',
      object: this.stamp({
        metadata: { uid, name: `checkout.${uid}`, namespace: 'shop' },
        involvedObject: { kind: 'Canary', namespace: 'shop', name: 'checkout' },
        type: reason === 'Synced' ? 'Normal' : 'Warning',
        reason: 'Synced',
        message,
        count,
        lastTimestamp: new Date(
          Date.UTC(2026, 10, 22, 10, this.version),
        ).toISOString(),
      }),
    });
  }

  private stamp<T extends { metadata: any }>(object: T): T {
    this.version += 1;
    return {
      ...object,
      metadata: { ...object.metadata, resourceVersion: String(this.version) },
    };
  }

  listClusters = async () => ['prod'];

  get = async <T>(_cluster: string, apiPath: string): Promise<T> => {
    if (apiPath === CANARY_PATH) return this.current as T;
    throw new NotFoundError(`${apiPath} not found`);
  };

  list = async <T>(_cluster: string, apiPath: string): Promise<any> => {
    const resource = apiPath.includes('canaries') ? 'canaries' : 'events';
    const items = resource === 'canaries' ? [this.current] : [];
    this.queued[resource] = [];
    return {
      items: items as T[],
      metadata: { resourceVersion: String(this.version) },
    };
  };

  watch = async (
    _cluster: string,
    apiPath: string,
    _options: unknown,
    onEvent: (event: KubeWatchEvent<any>) => void | Promise<void>,
  ) => {
    if (this.expireNextWatch) {
      this.expireNextWatch = false;
      await onEvent({
        type: 'ERROR',
        object: { code: 410, message: 'too old' },
      });
      return;
    }
    const resource = apiPath.includes('canaries') ? 'canaries' : 'events';
    const events = this.queued[resource];
    this.queued[resource] = [];
    for (const event of events) await onEvent(event);
    await new Promise(resolve => setTimeout(resolve, 10));
  };
}

const owning = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
};
const unrelated = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments' },
  },
  spec: { type: 'service', owner: 'team-b', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-b' }],
};

async function setup() {
  const knex = await databases.init('SQLITE_3');
  await knex.migrate.latest({ directory: migrations });
  const store = new RolloutStore({ db: knex });
  const cluster = new FakeCluster();
  const gateway = cluster as unknown as ClusterGateway;
  const sent: NotificationSendOptions[] = [];
  const notifications = {
    down: false,
    send: async (options: NotificationSendOptions) => {
      if (notifications.down)
        throw new Error('notifications backend unavailable');
      sent.push(options);
    },
  };
  const logger = mockServices.logger.mock();
  const outbox = new NotificationOutbox({ db: knex });
  const notifier = new RolloutNotifier({
    store,
    gateway,
    notifications: notifications as NotificationService,
    logger,
    outbox,
    owners: new CanaryOwnerLookup({
      catalog: catalogServiceMock({ entities: [owning, unrelated] }),
      auth: mockServices.auth(),
      finder: new EntityRolloutFinder({
        gateway,
        config: {} as any,
        binder: new RolloutBinder({
          gateway,
          claims: { claimants: async () => [] },
        }),
      }),
    }),
  });
  const recorder = () =>
    // A new recorder per run, as after a backend restart: it resumes from the stored cursors.
    new RolloutRecorder({
      gateway,
      store,
      logger,
      onRecorded: change => notifier.onRecorded(change),
    });
  const run = () => recorder().run({ durationMs: 150 });
  return { cluster, sent, run, notifications, notifier, outbox, knex };
}

describe('RolloutNotifier', () => {
  it('tells the owners once when a rollout fails, not again on a relist or restart', async () => {
    const { cluster, sent, run, knex } = await setup();
    await run();
    expect(sent).toEqual([]);
    // The promoted revision rev-1, as an earlier run recorded it: the primary serves its images.
    const { id: canaryId } = await knex('canaries')
      .where({ cluster: 'prod', namespace: 'shop', name: 'checkout' })
      .first('id');
    await knex('rollout_runs').insert({
      canary_id: canaryId,
      revision: 'rev-1',
      number: 0,
      images: JSON.stringify(['ghcr.io/shop/checkout:1.4.0']),
      started_at: new Date('2026-11-21T09:00:00Z'),
      ended_at: new Date('2026-11-21T09:10:00Z'),
      outcome: 'Succeeded',
    });

    cluster.emit(
      'e-1',
      'Synced',
      'Halt checkout.shop advancement success rate 91.20% < 99%',
    );
    await run();
    cluster.modify(
      canary('Progressing', {
        canaryWeight: 10,
        failedChecks: 2,
        lastTransitionTime: '2026-11-22T10:04:00Z',
      }),
    );
    cluster.emit(
      'e-2',
      'Rollback',
      'Rolling back checkout.shop failed checks threshold reached 2',
    );
    await run();
    // Flagger resets the failed checks when it rolls back.
    cluster.modify(
      canary('Failed', {
        failedChecks: 0,
        lastPromotedSpec: 'rev-1',
        lastTransitionTime: '2026-11-22T10:05:00Z',
      }),
    );
    await run();
    expect(sent).toHaveLength(1);
    expect(sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/team-a'],
    });
    expect(sent[0].payload).toMatchObject({
      title: 'Rollout of checkout failed on prod',
      severity: 'high',
      topic: 'Canary rollout failed',
      link: '/catalog/default/component/checkout/canary',
    });
    // Why, as the lane says it: the metric against its bound, the step, the failed checks before
    // Flagger reset them, when, and the revision the primary serves (its recorded images).
    expect(sent[0].payload.description).toBe(
      'Canary shop/checkout on cluster prod: Rolled back after 2 of 2 failed checks at 2026-11-22 10:03 UTC, at step 1 of 6 (10% of traffic on the canary): request-success-rate 91.2% is below the minimum 99%. checkout-primary serves the previous revision ghcr.io/shop/checkout:1.4.0 (spec rev-1); the canary is scaled to zero.',
    );

    // A restart whose watch expired relists the same Failed canary; the watch then replays it.
    cluster.expireNextWatch = true;
    await run();
    cluster.modify(cluster.current);
    await run();
    expect(sent).toHaveLength(1);
  });

  it('tells the owners when a rollout starts waiting for approval, once while it waits', async () => {
    const { cluster, sent, run } = await setup();
    await run();
    cluster.modify(
      canary('WaitingPromotion', {
        canaryWeight: 50,
        lastTransitionTime: '2026-11-22T10:05:00Z',
      }),
    );
    await run();
    // Still waiting: a failed check changes the status, not the phase.
    cluster.modify(
      canary('WaitingPromotion', {
        canaryWeight: 50,
        failedChecks: 1,
        lastTransitionTime: '2026-11-22T10:06:00Z',
      }),
    );
    await run();
    expect(sent).toHaveLength(1);
    expect(sent[0].payload).toMatchObject({
      title: 'Rollout of checkout waits for approval on prod',
      description:
        'Canary shop/checkout on cluster prod is halted at the confirm-promotion gate (phase WaitingPromotion). Approve or abort it on the Canary tab.',
      severity: 'normal',
      topic: 'Canary rollout waiting for approval',
      link: '/catalog/default/component/checkout/canary',
    });
  });

  it('tells the owners when a canary halts at a traffic-increase gate, once per step', async () => {
    const { cluster, sent, run } = await setup();
    await run();
    const halt =
      'Halt checkout.shop advancement waiting for traffic increase approval http://gate/approve';
    cluster.emit('e-2', 'Synced', halt, 1);
    await run();
    cluster.emit('e-2', 'Synced', halt, 2); // the same wait, counted again
    await run();
    expect(sent).toHaveLength(1);
    expect(sent[0].payload.description).toBe(
      'Canary shop/checkout on cluster prod is halted at the confirm-traffic-increase gate. Approve or abort it on the Canary tab.',
    );
  });
});

describe('RolloutNotifier outbox', () => {
  it('keeps a notification the notifications backend refused, and sends it once it is back', async () => {
    const { cluster, sent, run, notifications, notifier, knex } = await setup();
    await run();
    notifications.down = true;
    cluster.modify(
      canary('Failed', {
        failedChecks: 2,
        lastTransitionTime: '2026-11-22T10:05:00Z',
      }),
    );
    await run();
    expect(sent).toEqual([]);
    const [waiting] = await knex('rollout_notification_outbox');
    expect(waiting).toMatchObject({
      name: 'checkout',
      attempts: 1,
      last_error: 'Error: notifications backend unavailable',
    });

    notifications.down = false;
    // Not due yet: the retry waits.
    await notifier.drain();
    expect(sent).toEqual([]);
    await knex('rollout_notification_outbox').update({
      next_attempt_at: new Date(Date.now() - 1000),
    });
    await notifier.drain();
    await notifier.drain();
    expect(sent).toHaveLength(1);
    expect(sent[0].payload.title).toBe('Rollout of checkout failed on prod');
    expect(await knex('rollout_notification_outbox')).toEqual([]);
  });

  it('sends what a stopped backend had decided to send, once, when two instances drain at once', async () => {
    const { sent, notifier, outbox } = await setup();
    // Decided before a crash, never sent.
    await outbox.enqueue(
      { cluster: 'prod', namespace: 'shop', name: 'checkout' },
      canary('Failed', { failedChecks: 2 }),
      { kind: 'failed', failedChecks: 2, threshold: 2, halts: [] },
    );
    await Promise.all([notifier.drain(), notifier.drain()]);
    expect(sent).toHaveLength(1);
  });
});

describe('selectorMayMatch', () => {
  it('checks equality terms and leaves set-based ones to the full lookup', () => {
    const labels = { app: 'checkout', tier: 'web' };
    expect(selectorMayMatch('app=checkout,tier==web', labels)).toBe(true);
    expect(selectorMayMatch('app=payments', labels)).toBe(false);
    expect(selectorMayMatch('tier!=web', labels)).toBe(false);
    expect(selectorMayMatch('app in (checkout)', labels)).toBe(true);
  });
});
