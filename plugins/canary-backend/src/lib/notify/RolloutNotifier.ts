import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CANARY_PHASE,
  type Canary,
  type CanaryRef,
  explainRun,
  kubeObjectPath,
  parseKubernetesEvent,
} from '@backstage-canary/plugin-canary-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import type { RecordedChange } from '../recorder/RolloutRecorder';
import type { RolloutStore } from '../store/RolloutStore';
import type { CanaryOwnerLookup } from './CanaryOwnerLookup';
import {
  MAX_NOTIFICATION_ATTEMPTS,
  type NotificationOutbox,
  type OutboxEntry,
} from './NotificationOutbox';
import {
  GATE_OF_PHASE,
  type RolloutAttention,
  rolloutNotification,
} from './rolloutNotification';

/** Timeline kinds that end a wait at a traffic-increase gate: the next halt is a new wait. */
const STEP_KINDS = [
  'waiting-for-approval',
  'gate-passed',
  'weight-advanced',
  'new-revision',
  'initialized',
];

/**
 * Notifies the owners of the entities a canary belongs to when one of its rollouts fails or starts
 * waiting for approval. Driven by the recorder's first-time records, so a replayed object (relist,
 * restart, another instance) never notifies again; and a transition only notifies when it enters
 * the phase (the previous stored transition had another phase), so a canary that stays Failed or
 * Waiting is notified once. The traffic-increase gate, which has no phase of its own, notifies on
 * the first halt of each step.
 *
 * What to send goes through an outbox in the plugin database: sent right away, and retried by
 * {@link RolloutNotifier.drain} (also on a schedule) when the send fails or the backend stops
 * before it, so owners hear of it at least once.
 */
export class RolloutNotifier {
  private readonly store: RolloutStore;
  private readonly gateway: ClusterGateway;
  private readonly owners: CanaryOwnerLookup;
  private readonly notifications: NotificationService;
  private readonly logger: LoggerService;
  private readonly outbox: NotificationOutbox;

  constructor(options: {
    store: RolloutStore;
    gateway: ClusterGateway;
    owners: CanaryOwnerLookup;
    notifications: NotificationService;
    logger: LoggerService;
    outbox: NotificationOutbox;
  }) {
    this.outbox = options.outbox;
    this.store = options.store;
    this.gateway = options.gateway;
    this.owners = options.owners;
    this.notifications = options.notifications;
    this.logger = options.logger;
  }

  /** Handles one change the recorder stored for the first time. */
  async onRecorded(change: RecordedChange): Promise<void> {
    if (change.type === 'transition') {
      const attention = await this.transitionAttention(change);
      if (attention) await this.send(change.key, change.canary, attention);
      return;
    }
    const entry = parseKubernetesEvent(change.event);
    if (
      entry.kind !== 'waiting-for-approval' ||
      entry.gate !== 'confirm-traffic-increase'
    ) {
      return;
    }
    const [latest, previous] = (
      await this.store.timeline(change.key, { kinds: STEP_KINDS, limit: 2 })
    ).items;
    if (!latest || latest.type !== 'event') return;
    if (
      previous?.type === 'event' &&
      previous.entry.kind === 'waiting-for-approval' &&
      previous.entry.gate === entry.gate
    ) {
      return; // Still waiting at the same step.
    }
    const canary = await this.currentCanary(change.key);
    if (canary) {
      await this.send(change.key, canary, {
        kind: 'waiting',
        gate: entry.gate,
      });
    }
  }

  private async transitionAttention(
    change: Extract<RecordedChange, { type: 'transition' }>,
  ): Promise<RolloutAttention | undefined> {
    const status = change.canary.status ?? {};
    const phase = status.phase ?? '';
    if (phase !== CANARY_PHASE.Failed && !GATE_OF_PHASE[phase])
      return undefined;
    const [latest, previous] = (
      await this.store.timeline(change.key, {
        kinds: ['transition'],
        runId: change.runId,
        limit: 2,
      })
    ).items;
    if (latest?.type !== 'transition' || latest.phase !== phase)
      return undefined;
    if (previous?.type === 'transition' && previous.phase === phase) {
      return undefined; // Already in this phase: notified when it entered it.
    }
    if (phase !== CANARY_PHASE.Failed) {
      return { kind: 'waiting', gate: GATE_OF_PHASE[phase], phase };
    }
    const halts = (
      await this.store.timeline(change.key, {
        kinds: ['halted'],
        runId: change.runId,
        limit: 3,
      })
    ).items
      .filter(item => item.type === 'event')
      .map(item => (item.type === 'event' ? item.message : ''));
    // The same explanation the lane and the inbox show, in the same words: the revision the
    // primary serves is named by its images as the history recorded them for the promoted spec
    // (the lane reads them from the primary Deployment), else by its spec.
    const promoted = await this.store.recorded.runOf(
      change.key,
      status.lastPromotedSpec,
    );
    const explanation =
      change.runId === undefined
        ? undefined
        : explainRun({
            canary: change.canary,
            items: (
              await this.store.timeline(change.key, {
                runId: change.runId,
                limit: 500,
              })
            ).items,
            ...(promoted?.images.length
              ? { primaryImages: promoted.images }
              : {}),
          });
    return {
      kind: 'failed',
      failedChecks:
        explanation?.failedChecks?.count ?? status.failedChecks ?? 0,
      threshold: change.canary.spec.analysis?.threshold,
      halts: [...new Set(halts)],
      ...(explanation ? { explanation: explanation.summary } : {}),
    };
  }

  /** The canary as its cluster holds it now, read with the plugin's own credentials. */
  private async currentCanary(key: CanaryRef): Promise<Canary | undefined> {
    try {
      return await this.gateway.get<Canary>(
        key.cluster,
        kubeObjectPath('Canary', key.namespace, key.name),
      );
    } catch (error) {
      this.logger.warn(
        `Could not read canary ${key.namespace}/${key.name} on ${key.cluster} to notify its owners: ${error}`,
      );
      return undefined;
    }
  }

  private async send(
    key: CanaryRef,
    canary: Canary,
    attention: RolloutAttention,
  ): Promise<void> {
    await this.outbox.enqueue(key, canary, attention);
    await this.drain();
  }

  /** Sends what the outbox holds that is due; what fails stays for a later attempt. */
  async drain(): Promise<void> {
    for (const entry of await this.outbox.claimDue()) {
      try {
        await this.deliver(entry);
        await this.outbox.sent(entry.id);
      } catch (error) {
        const retried = await this.outbox.failed(entry, String(error));
        const { cluster, namespace, name } = entry.key;
        this.logger.warn(
          `Could not notify the owners of ${cluster}/${namespace}/${name} (attempt ${
            entry.attempts
          } of ${MAX_NOTIFICATION_ATTEMPTS}${
            retried ? '; will retry' : '; dropped'
          }): ${error}`,
        );
      }
    }
  }

  private async deliver({ key, canary, attention }: OutboxEntry) {
    const owning = await this.owners.ownersOf(key, canary);
    for (const { entity, owners } of owning) {
      if (!owners.length) {
        this.logger.info(
          `No owner to notify about ${key.cluster}/${key.namespace}/${
            key.name
          } of ${stringifyEntityRef(entity)}`,
        );
        continue;
      }
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: owners },
        payload: rolloutNotification({
          entity,
          key,
          attention,
          revision: canary.status?.lastAppliedSpec,
        }),
      });
    }
  }
}
