import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  BACKEND_GATES,
  BACKEND_GATE_TOKEN_KEY,
  type BackendGate,
  canaryPolicyCreatePermission,
  flaggerCanaryChecksum,
} from '@backstage-canary/plugin-canary-common';
import type { Request, Response, Router } from 'express';
import type { GateStore } from '../lib/gates/GateStore';
import type { GateTokenCheck, GateTokens } from '../lib/gates/gateTokens';
import { gateRunOf } from '../lib/gates/gateRun';
import { actorOf, CANARY_ROUTE, type EntityAccess } from './requestContext';

/** What the gate routes need. */
export type GateRoutesOptions = {
  gates: GateStore;
  gateTokens: GateTokens;
  logger?: LoggerService;
};

type WebhookPayload = {
  name: string;
  namespace: string;
  phase?: string;
  checksum: string;
  metadata?: Record<string, unknown>;
};

function readPayload(body: unknown): WebhookPayload | string {
  const payload = body as Partial<WebhookPayload> | undefined;
  if (!payload || typeof payload !== 'object') {
    return 'The body must be Flagger\'s webhook payload: {"name","namespace","phase","checksum","metadata"}';
  }
  for (const field of ['name', 'namespace', 'checksum'] as const) {
    if (typeof payload[field] !== 'string' || !payload[field]) {
      return `Field ${field} of the webhook payload is required (a non-empty string, as Flagger sends it)`;
    }
  }
  return payload as WebhookPayload;
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
  return match?.[1].trim();
}

/**
 * Checks a gate caller's token: the canary's own gate secret once it has one (rotated through
 * `POST .../gates/rotate-secret`), else the cluster's gate token from the configuration.
 */
async function checkCaller(
  options: GateRoutesOptions,
  cluster: string,
  body: unknown,
  token: string | undefined,
): Promise<GateTokenCheck> {
  const clusterCheck = options.gateTokens.check(cluster, token);
  if (!clusterCheck.ok && clusterCheck.reason !== 'wrong-token') {
    return clusterCheck;
  }
  const payload = body as Partial<WebhookPayload> | undefined;
  if (
    typeof payload?.name !== 'string' ||
    typeof payload?.namespace !== 'string'
  ) {
    return clusterCheck;
  }
  const canary = { cluster, namespace: payload.namespace, name: payload.name };
  const secret = await options.gates.secrets.check(canary, token);
  if (secret === 'none') return clusterCheck;
  return secret === 'ok'
    ? { ok: true }
    : {
        ok: false,
        reason: 'wrong-token',
        message: `The token is not the gate secret of canary ${payload.namespace}/${payload.name} on ${cluster}`,
      };
}

/**
 * Flagger gate webhooks (`POST /gates/:cluster/:gate`, reachable without Backstage credentials and
 * authenticated with the canary's gate secret or the cluster's gate token), the gate state of one
 * rollout for the UI, and the rotation of a canary's gate secret.
 * Flagger treats any answer other than 2xx as a closed gate.
 */
export function registerGateRoutes(
  router: Router,
  options: GateRoutesOptions & { access: EntityAccess },
) {
  const { gates, logger, access } = options;

  router.post('/gates/:cluster/:gate', async (req: Request, res: Response) => {
    const { cluster } = req.params;
    const gate = req.params.gate as BackendGate;
    const payload = req.body as WebhookPayload | undefined;
    const metadataToken = payload?.metadata?.[BACKEND_GATE_TOKEN_KEY];
    const token =
      bearer(req) ??
      (typeof metadataToken === 'string' ? metadataToken : undefined);
    const check = await checkCaller(options, cluster, req.body, token);
    if (!check.ok) {
      res
        .status(403)
        .json({ open: false, error: check.reason, message: check.message });
      return;
    }
    if (!BACKEND_GATES.includes(gate)) {
      res.status(404).json({
        open: false,
        message: `Unknown gate ${
          req.params.gate
        }; allowed: ${BACKEND_GATES.join(', ')}`,
      });
      return;
    }
    const parsed = readPayload(req.body);
    if (typeof parsed === 'string') {
      res.status(400).json({ open: false, message: parsed });
      return;
    }
    const key = {
      cluster,
      namespace: parsed.namespace,
      name: parsed.name,
      revision: parsed.checksum,
      gate,
    };
    const { open, approval } = await gates.answer(key, parsed.phase);
    const canary = `${parsed.namespace}/${parsed.name}`;
    if (open) {
      logger?.info(
        `Gate ${gate} of ${canary} on ${cluster} opened for revision ${
          parsed.checksum
        } (approved by ${approval!.actor})`,
      );
      res.status(200).json({
        open: true,
        gate,
        revision: parsed.checksum,
        approvedBy: approval!.actor,
        reason: approval!.reason,
      });
      return;
    }
    res.status(403).json({
      open: false,
      gate,
      revision: parsed.checksum,
      message:
        gate === 'rollback'
          ? `No rollback requested for the current run of ${canary} (revision ${parsed.checksum})`
          : `Waiting for approval at ${gate} of ${canary} revision ${parsed.checksum}: approve this run in Backstage`,
    });
  });

  // The gate state of one rollout: its current run, where it waits, and the approvals given.
  // Never the gate secret: only whether the canary has one.
  router.get(`${CANARY_ROUTE}/gates`, async (req, res) => {
    const { key, rollout } = await access.entityCanary(req);
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
    res.json({
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
    });
  });

  // Rotates the canary's gate secret: the new secret is in this answer only (stored hashed), and
  // the old secret stops working at once. Needs canary.policy.create on the entity, and a canary
  // bound to it by the cluster side.
  router.post(`${CANARY_ROUTE}/gates/rotate-secret`, async (req, res) => {
    const { key, rollout, credentials } = await access.entityCanary(
      req,
      canaryPolicyCreatePermission,
      { bound: true },
    );
    if (!rollout.canary) {
      throw new NotFoundError(
        `Canary ${key.namespace}/${key.name} on cluster ${key.cluster} was not found`,
      );
    }
    if (!options.gateTokens.has(key.cluster)) {
      throw new ConflictError(
        `This backend serves no gates for cluster ${key.cluster}; configure canary.gates.clusters.${key.cluster} first.`,
      );
    }
    const actor = actorOf(credentials);
    const { secret, rotatedAt } = await gates.secrets.rotate(key, actor);
    logger?.info(
      `Gate secret of ${key.namespace}/${key.name} on ${key.cluster} rotated by ${actor}`,
    );
    res.status(200).json({
      canary: key,
      rotatedAt,
      rotatedBy: actor,
      secret,
      message: `Set metadata.${BACKEND_GATE_TOKEN_KEY} of every Backstage gate webhook of ${key.namespace}/${key.name} to this secret; it is shown only now, and the previous secret (or the cluster token) no longer opens this canary's gates.`,
    });
  });
}
