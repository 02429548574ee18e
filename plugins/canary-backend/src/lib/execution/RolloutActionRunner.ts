import {
  ConflictError,
  InputError,
  NotFoundError,
  NotImplementedError,
} from '@backstage/errors';
import {
  type Canary,
  type CanaryRef,
  getRolloutActions,
  type RolloutAction,
  type RolloutActionAvailability,
  type RolloutActionResult,
  type RolloutOperation,
} from '@backstage-canary/plugin-canary-common';
import type {
  ClusterCallContext,
  ClusterGateway,
} from '../cluster/ClusterGateway';
import type { EntityRollouts, FoundRollout } from '../resolve/RolloutTarget';
import { patchIsNoop } from './jsonPointer';
import { type ActionWrite, actionWriteOf } from './actionWrite';
import type { BackendGateApprover, OpenedGate } from './BackendGateApprover';
import { samePolicy } from '../resolve/samePolicy';
import { KuratorAbort } from './KuratorAbort';
import { PinnedWrites, type Versioned } from './PinnedWrites';

/** A decided action's cluster write, with the answer the action gives once it lands. */
export type PlannedActionWrite = RolloutActionResult & { write: ActionWrite };

/**
 * Carries out a rollout action on one canary of an entity by the route the domain core gives for
 * its phase and ownership: the Kurator Application's rollout policy, the Canary spec, or the target
 * workload's pod template. Every write carries a resourceVersion precondition, so of two
 * conflicting actions exactly one wins and the other gets a ConflictError with the current state;
 * an action whose result is already in place changes nothing and says so. Approvals and aborts
 * of canaries whose gate webhooks point at this backend are stored as gate approvals.
 */
export class RolloutActionRunner {
  /** The clusters the runner acts on. */
  readonly gateway: ClusterGateway;
  private readonly gates?: BackendGateApprover;
  private readonly writes: PinnedWrites;

  constructor(options: {
    gateway: ClusterGateway;
    /** Approves the gates this backend serves; without it, such approvals are refused. */
    gates?: BackendGateApprover;
  }) {
    this.gateway = options.gateway;
    this.gates = options.gates;
    this.writes = new PinnedWrites({ gateway: options.gateway });
  }

  async run(options: {
    rollouts: EntityRollouts;
    target: CanaryRef;
    action: RolloutAction;
    context: ClusterCallContext;
    /** Why: kept with a gate approval. */
    reason?: string;
    /**
     * Called once the action is decided and before its cluster write is sent, with the write and
     * the answer the action gives when the write lands: the caller stores it as pending, so an
     * answer that never comes (a timeout, this instance dying) can be settled from the cluster.
     */
    onWrite?: (planned: PlannedActionWrite) => Promise<void>;
  }): Promise<
    RolloutActionResult & {
      availability: RolloutActionAvailability;
      /** The backend gate an approve or abort opened, and for which revision. */
      gate?: OpenedGate;
    }
  > {
    const { rollouts, target, action, context } = options;
    const rollout = rollouts.rollouts.find(
      r =>
        r.cluster === target.cluster &&
        r.namespace === target.namespace &&
        r.name === target.name,
    );
    if (!rollout?.canary) {
      throw new NotFoundError(
        rollout?.error
          ? rollout.error.message
          : `Canary ${target.namespace}/${target.name} on cluster ${target.cluster} was not found`,
      );
    }
    const policyRollouts = samePolicy(rollouts.rollouts, rollout);
    const availability = getRolloutActions(rollout.canary, {
      application: rollout.application,
      clusterCount: policyRollouts.length,
    }).find(a => a.action === action);
    if (!availability) {
      throw new InputError(`Unknown rollout action ${action}`);
    }
    const affects = policyRollouts.map(({ cluster, namespace, name }) => ({
      cluster,
      namespace,
      name,
    }));

    if (!availability.possible || !availability.operation) {
      if (alreadyInPlace(action, rollout.canary)) {
        return {
          action,
          route: availability.route ?? 'canary-patch',
          affects: [],
          changed: false,
          message: `The rollout is already ${
            action === 'pause' ? 'paused' : 'running'
          }; nothing changed.`,
          availability,
        };
      }
      if (
        action === 'approve' &&
        availability.reason?.startsWith('Nothing waits for approval')
      ) {
        // Approving a canary that does not wait is a no-op, like repeating an approval.
        return {
          action,
          route: 'gate',
          affects: [],
          changed: false,
          message: `${availability.reason} Nothing changed.`,
          availability,
        };
      }
      const how = availability.howToEnable
        ? ` ${availability.howToEnable}`
        : '';
      throw new ConflictError(
        `Cannot ${action} ${target.namespace}/${target.name} on ${
          target.cluster
        }: ${availability.reason ?? 'not possible now'}${how}`,
      );
    }

    const operation = availability.operation;
    if (operation.type === 'backend-gate') {
      if (!this.gates) {
        throw new ConflictError(
          `Cannot ${action} ${target.namespace}/${target.name} on ${target.cluster}: its webhook ${operation.webhook} points at Backstage gates, but this backend does not serve gates (configure canary.gates.clusters).`,
        );
      }
      return this.gates.approve({
        target,
        canary: rollout.canary,
        operation,
        availability,
        credentials: context.credentials,
        reason: options.reason,
      });
    }
    if (operation.type === 'revert-to-primary') {
      // Writes on every member and the Application: logged when it ends, not as one pending write.
      const result = await new KuratorAbort({ gateway: this.gateway }).run({
        rollout,
        members: policyRollouts,
        operation,
        context,
      });
      return { ...result, gate: undefined, availability };
    }
    if (
      operation.type === 'patch-application' &&
      patchIsNoop(rollout.application, operation.jsonPatch)
    ) {
      // Kurator has not re-rendered the canaries yet, but the policy already says so.
      return {
        action,
        route: 'application-policy-patch',
        affects: [],
        changed: false,
        message: `The rollout policy already asks for this (${action}); Kurator applies it to every cluster of the policy within its resync interval. Nothing changed.`,
        availability,
      };
    }
    const route = availability.route ?? 'canary-patch';
    const changed = {
      action,
      route,
      affects: route === 'application-policy-patch' ? affects : [target],
      changed: true,
      message: availability.effect ?? `${action} applied`,
    };
    const write = actionWriteOf(rollout, operation);
    if (write) await options.onWrite?.({ ...changed, write });
    await this.execute(rollout, operation, write, context);
    return { ...changed, availability };
  }

  /** Sends an operation's write, preconditioned on the version the decision was made on. */
  private async execute(
    rollout: FoundRollout,
    operation: RolloutOperation,
    write: ActionWrite | undefined,
    context: ClusterCallContext,
  ): Promise<void> {
    if (operation.type === 'call-gate') {
      throw new NotImplementedError(
        `Approving through the gate webhook ${operation.webhook} is not available from Backstage yet; open the gate with the Flagger loadtester (${operation.url})`,
      );
    }
    if (!write) throw new InputError('Unknown rollout operation');
    const decidedOn = await this.decidedOn(rollout, operation, write, context);
    const patch = write.patch;
    if (patch.type === 'json') {
      await this.writes.jsonPatch(
        write.cluster,
        write.path,
        decidedOn,
        patch.operations,
        context,
      );
    } else {
      await this.writes.mergePatch(
        write.cluster,
        write.path,
        decidedOn,
        patch.value,
        context,
      );
    }
  }

  /** The object the action was decided on, whose version its write is preconditioned on. */
  private async decidedOn(
    rollout: FoundRollout,
    operation: RolloutOperation,
    write: ActionWrite,
    context: ClusterCallContext,
  ): Promise<Versioned> {
    if (operation.type === 'patch-canary') return rollout.canary!;
    if (operation.type === 'patch-application') return rollout.application!;
    // The workload is not part of the rollout read: its version is read now.
    return this.gateway.get<Versioned>(write.cluster, write.path, context);
  }
}

function alreadyInPlace(action: RolloutAction, canary: Canary): boolean {
  const suspended = canary.spec.suspend === true;
  return (
    (action === 'pause' && suspended) || (action === 'resume' && !suspended)
  );
}
