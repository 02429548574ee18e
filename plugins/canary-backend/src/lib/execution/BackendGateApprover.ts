import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  BACKEND_GATES_PATH,
  type Canary,
  type CanaryRef,
  type RolloutActionAvailability,
  type RolloutActionResult,
  type RolloutOperation,
} from '@backstage-canary/plugin-canary-common';
import type { GateStore } from '../gates/GateStore';
import type { GateTokens } from '../gates/gateTokens';
import { gateRunOf } from '../gates/gateRun';

type BackendGateOperation = Extract<RolloutOperation, { type: 'backend-gate' }>;

/** Which gate an approval opened, and for which run. */
export type OpenedGate = {
  gate: BackendGateOperation['gate'];
  webhook: string;
  cluster: string;
  /** The checksum Flagger sends for the run the approval is for. */
  revision: string;
  /** The run the approval is bound to (sha256 of canary uid, revision and run start). */
  runId: string;
};

/** The answer of an approve or abort through a backend gate. */
export type BackendGateResult = RolloutActionResult & {
  availability: RolloutActionAvailability;
  gate: OpenedGate;
};

/** Who asked: a user's entity ref or a service's subject. */
function actorOf(credentials: BackstageCredentials | undefined): string {
  const principal = credentials?.principal as
    | { type?: string; userEntityRef?: string; subject?: string }
    | undefined;
  if (principal?.type === 'user' && principal.userEntityRef) {
    return principal.userEntityRef;
  }
  if (principal?.type === 'service' && principal.subject) {
    return principal.subject;
  }
  return 'unknown';
}

function normalise(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`
      .replace(/\/+$/, '')
      .toLowerCase();
  } catch {
    return url.replace(/\/+$/, '').toLowerCase();
  }
}

/**
 * Approves a gate (or requests a rollback) that this backend serves, by storing an approval bound
 * to the canary's current run (its uid, a sha256 of its revision and the run's start): it is spent
 * when that run ends and never opens a later run's gate, even one of the same revision. Webhooks pointing at another backend, at another cluster or at a
 * cluster without a gate token are refused with what to do instead. Approving a gate that does not
 * wait, or approving twice, changes nothing and says so.
 */
export class BackendGateApprover {
  private readonly gates: GateStore;
  private readonly tokens: GateTokens;
  private readonly pluginBaseUrls: () => Promise<string[]>;

  constructor(options: {
    gates: GateStore;
    tokens: GateTokens;
    /** This plugin's base URLs (`<backend>/api/canary`), as Flagger may reach it. */
    pluginBaseUrls: () => Promise<string[]>;
  }) {
    this.gates = options.gates;
    this.tokens = options.tokens;
    this.pluginBaseUrls = options.pluginBaseUrls;
  }

  async approve(options: {
    target: CanaryRef;
    canary: Canary;
    operation: BackendGateOperation;
    availability: RolloutActionAvailability;
    credentials?: BackstageCredentials;
    reason?: string;
  }): Promise<BackendGateResult> {
    const { target, canary, operation, availability } = options;
    const action = availability.action;
    const what = `${target.namespace}/${target.name} on ${target.cluster}`;
    const bases = (await this.pluginBaseUrls()).map(
      base => `${normalise(base)}/gates/`,
    );
    const hookUrl = normalise(operation.url);
    if (!bases.some(base => hookUrl.startsWith(base))) {
      throw new ConflictError(
        `Cannot ${action} ${what}: its ${operation.gate} webhook ${
          operation.webhook
        } points at the gates of another Backstage backend (${
          operation.url
        }); act there, or point the webhook at this backend's ${
          bases[0] ?? BACKEND_GATES_PATH
        }${target.cluster}/${operation.gate}.`,
      );
    }
    if (operation.cluster !== target.cluster) {
      throw new ConflictError(
        `Cannot ${action} ${what}: its ${operation.gate} webhook ${operation.webhook} names cluster ${operation.cluster}; point it at .../gates/${target.cluster}/${operation.gate}.`,
      );
    }
    if (!this.tokens.has(target.cluster)) {
      throw new ConflictError(
        `Cannot ${action} ${what}: this backend has no gate token for cluster ${target.cluster}, so its gates always answer closed; set canary.gates.clusters.${target.cluster}.token and the same token in the webhook's metadata.token.`,
      );
    }
    const run = gateRunOf(canary);
    const key = {
      cluster: target.cluster,
      namespace: target.namespace,
      name: target.name,
      revision: operation.checksum,
      gate: operation.gate,
    };
    const gate: OpenedGate = {
      gate: operation.gate,
      webhook: operation.webhook,
      cluster: target.cluster,
      revision: operation.checksum,
      runId: run.runId,
    };
    const unchanged = (message: string): BackendGateResult => ({
      action,
      route: 'gate',
      affects: [],
      changed: false,
      message,
      availability,
      gate,
    });

    if (!run.active || run.checksum !== operation.checksum) {
      return unchanged(
        `${what} is not in a run (phase ${
          canary.status?.phase ?? 'unknown'
        }); nothing to approve.`,
      );
    }
    // A traffic step waits only while Flagger's last call for this revision was answered closed.
    if (operation.gate === 'confirm-traffic-increase') {
      const [last] = await this.gates
        .calls(target, operation.checksum)
        .then(calls =>
          calls.filter(c => c.gate === 'confirm-traffic-increase'),
        );
      if (!last || last.open) {
        return unchanged(
          `${what} is not waiting at confirm-traffic-increase for revision ${
            operation.checksum
          } (phase ${canary.status?.phase ?? 'unknown'}); nothing to approve.`,
        );
      }
    }
    const { created, approval } = await this.gates.approve(key, run, {
      actor: actorOf(options.credentials),
      reason:
        options.reason ??
        `${action} through Backstage (no reason was passed to the gate)`,
    });
    if (!created) {
      return unchanged(
        operation.gate === 'rollback'
          ? `A rollback of ${what} revision ${operation.checksum} is already requested (by ${approval.actor}); Flagger rolls back on its next tick. Nothing changed.`
          : `Gate ${operation.gate} of ${what} is already approved for revision ${operation.checksum} (by ${approval.actor}); Flagger proceeds on its next tick. Nothing changed.`,
      );
    }
    return {
      action,
      route: 'gate',
      affects: [target],
      changed: true,
      message:
        operation.gate === 'rollback'
          ? `Rollback requested at gate rollback (webhook ${operation.webhook}) for this run of revision ${operation.checksum}: Flagger rolls ${what} back on its next tick; the request ends with the run.`
          : `Opened gate ${operation.gate} (webhook ${
              operation.webhook
            }) for this run of revision ${operation.checksum} only${
              operation.gate === 'confirm-traffic-increase'
                ? ', one weight step'
                : ''
            }: Flagger proceeds on its next tick. The approval is spent when the run ends.`,
      availability,
      gate,
    };
  }
}
