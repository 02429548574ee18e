import type {
  AuditorService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BACKEND_GATE_TOKEN_KEY,
  canaryPolicyCreatePermission,
  type CanaryRef,
  flaggerCanaryChecksum,
} from '@backstage-canary/plugin-canary-common';
import type { GateStore } from '../../lib/gates/GateStore';
import type { GateTokens } from '../../lib/gates/gateTokens';
import { gateRunOf } from '../../lib/gates/gateRun';
import { actorOf, type CanaryCaller } from './CanaryCaller';
import {
  type CanaryEntityAccess,
  type EntityName,
  toCompoundRef,
} from './EntityAccess';

/**
 * The backend gates of one rollout for a caller: their state (never the secret, only whether the
 * canary has one) with `canary.rollout.read`, and the rotation of the canary's gate secret with
 * `canary.policy.create` on a canary the cluster side binds to the entity, audited.
 */
export class GateOperations {
  private readonly access: CanaryEntityAccess;
  private readonly gates: GateStore;
  private readonly gateTokens: GateTokens;
  private readonly auditor: AuditorService;
  private readonly logger?: LoggerService;

  constructor(options: {
    access: CanaryEntityAccess;
    gates: GateStore;
    gateTokens: GateTokens;
    auditor: AuditorService;
    logger?: LoggerService;
  }) {
    this.access = options.access;
    this.gates = options.gates;
    this.gateTokens = options.gateTokens;
    this.auditor = options.auditor;
    this.logger = options.logger;
  }

  /** The current run of the canary, where it waits, Flagger's calls and the approvals given. */
  async state(caller: CanaryCaller, entity: EntityName, canary: CanaryRef) {
    const { key, rollout } = await this.access.entityCanary(
      caller,
      entity,
      canary,
    );
    const { gates } = this;
    const run = rollout.canary ? gateRunOf(rollout.canary) : undefined;
    // What the live canary shows is the freshest sight of its run: approvals of ended runs are spent.
    if (rollout.canary) await gates.observe(key, rollout.canary);
    const revision = rollout.canary?.status
      ? flaggerCanaryChecksum(rollout.canary.status)
      : undefined;
    const calls = await gates.calls(key);
    const approvals = await gates.approvals(key);
    const current =
      revision && run?.active ? calls.filter(c => c.revision === revision) : [];
    const waiting = current.find(c => !c.open);
    const secret = await gates.secrets.info(key);
    return {
      revision,
      run: run && {
        runId: run.runId,
        revisionHash: run.revisionHash,
        active: run.active,
        phase: run.phase,
      },
      waiting: waiting
        ? {
            gate: waiting.gate,
            since: waiting.firstAskedAt,
            lastAskedAt: waiting.lastAskedAt,
          }
        : undefined,
      calls,
      approvals,
      secret: { set: secret !== undefined, ...secret },
    };
  }

  /**
   * Gives the canary a new gate secret: it is in this answer only (stored hashed), and the old
   * secret (or the cluster token) stops opening the canary's gates at once.
   */
  async rotateSecret(
    caller: CanaryCaller,
    entity: EntityName,
    canary: CanaryRef,
  ) {
    const actor = actorOf(caller.credentials);
    const auditEvent = await this.auditor.createEvent({
      eventId: 'gate-secret-rotate',
      severityLevel: 'medium',
      request: caller.request,
      meta: {
        entityRef: stringifyEntityRef(toCompoundRef(entity)),
        cluster: canary.cluster,
        canary: `${canary.namespace}/${canary.name}`,
        actor,
        via: caller.via ?? 'http',
      },
    });
    try {
      const { key, rollout } = await this.access.entityCanary(
        caller,
        entity,
        canary,
        canaryPolicyCreatePermission,
      );
      if (!rollout.canary) {
        throw new NotFoundError(
          `Canary ${key.namespace}/${key.name} on cluster ${key.cluster} was not found`,
        );
      }
      if (!this.gateTokens.has(key.cluster)) {
        throw new ConflictError(
          `This backend serves no gates for cluster ${key.cluster}; configure canary.gates.clusters.${key.cluster} first.`,
        );
      }
      const { secret, rotatedAt } = await this.gates.secrets.rotate(key, actor);
      this.logger?.info(
        `Gate secret of ${key.namespace}/${key.name} on ${key.cluster} rotated by ${actor}`,
      );
      await auditEvent.success({ meta: { rotatedAt } });
      return {
        canary: key,
        rotatedAt,
        rotatedBy: actor,
        secret,
        message: `Set metadata.${BACKEND_GATE_TOKEN_KEY} of every Backstage gate webhook of ${key.namespace}/${key.name} to this secret; it is shown only now, and the previous secret (or the cluster token) no longer opens this canary's gates.`,
      };
    } catch (error) {
      await auditEvent.fail({ error: error as Error });
      throw error;
    }
  }
}
