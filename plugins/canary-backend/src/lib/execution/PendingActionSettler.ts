import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import type { PendingAction } from '../store/PendingActionStore';
import type { RolloutStore } from '../store/RolloutStore';
import { checkWrite } from './actionWrite';

/** How long a pending action whose cluster could not be read waits before the next read. */
const RETRY_MS = 30_000;

/**
 * Settles the actions whose cluster write got no answer in time: the instance that sent it died
 * (kill -9, a crash, a node gone) or lost the answer and could not read the cluster either. Once
 * their time to settle has come, the written object is read with the plugin's own credentials and
 * each action is recorded as applied (the change is in place) or not applied (it is not), with an
 * audit event; an action whose cluster cannot be read stays pending and is read again later. Every
 * instance may run it: a row is settled once.
 */
export class PendingActionSettler {
  private readonly gateway: ClusterGateway;
  private readonly store: RolloutStore;
  private readonly auditor?: AuditorService;
  private readonly logger?: LoggerService;
  private readonly now: () => Date;

  constructor(options: {
    gateway: ClusterGateway;
    store: RolloutStore;
    auditor?: AuditorService;
    logger?: LoggerService;
    /** The clock (tests). */
    now?: () => Date;
  }) {
    this.gateway = options.gateway;
    this.store = options.store;
    this.auditor = options.auditor;
    this.logger = options.logger;
    this.now = options.now ?? (() => new Date());
  }

  /** Settles every pending action due now; answers how many action-log rows were settled. */
  async settleDue(): Promise<number> {
    const due = await this.store.pendingActions.due(this.now());
    // The rows of one action (one per canary of a Kurator policy) share its write.
    const byWrite = new Map<string, PendingAction[]>();
    for (const row of due) {
      const key = `${row.at} ${JSON.stringify(row.write)}`;
      byWrite.set(key, [...(byWrite.get(key) ?? []), row]);
    }
    let settled = 0;
    for (const rows of byWrite.values()) {
      settled += await this.settle(rows);
    }
    return settled;
  }

  private async settle(rows: PendingAction[]): Promise<number> {
    const [first] = rows;
    const { write, action } = first;
    const ids = rows.map(row => row.id);
    const checked = await checkWrite(this.gateway, write);
    const at = this.now();
    if (checked.landed === 'unknown') {
      const next = new Date(at.getTime() + RETRY_MS);
      await this.store.pendingActions.postpone(
        ids,
        next,
        `${action} sent to ${write.cluster}; its answer never came and ${
          write.cluster
        } cannot be read now (${
          checked.error.message
        }): whether it was applied is read again at ${next.toISOString()}.`,
      );
      return 0;
    }
    const settled = await this.store.pendingActions.finish(
      ids,
      checked.landed
        ? {
            outcome: 'succeeded',
            message: `${action} applied: its answer never came (the instance that sent it stopped or lost it); a read of ${
              write.cluster
            } at ${at.toISOString()} shows the change in place.`,
          }
        : {
            outcome: 'failed',
            message: `${action} not applied: its answer never came (the instance that sent it stopped or lost it); a read of ${
              write.cluster
            } at ${at.toISOString()} shows the object without the change.`,
          },
    );
    if (!settled) return 0; // another instance was first
    this.logger?.info(
      `Settled the ${action} of ${first.key.namespace}/${first.key.name} on ${
        first.key.cluster
      } sent at ${first.at}: ${checked.landed ? 'applied' : 'not applied'}`,
    );
    const event = await this.auditor?.createEvent({
      eventId: 'rollout-action-settled',
      severityLevel: 'medium',
      meta: {
        action,
        entityRef: first.entityRef,
        actor: first.actor,
        cluster: first.key.cluster,
        canary: `${first.key.namespace}/${first.key.name}`,
        sentAt: first.at,
        clusterChanged: checked.landed,
      },
    });
    await event?.success();
    return settled;
  }
}
