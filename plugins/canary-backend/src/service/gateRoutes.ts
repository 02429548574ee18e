import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  BACKEND_GATES,
  BACKEND_GATE_TOKEN_KEY,
  type BackendGate,
  flaggerCanaryChecksum,
} from '@backstage-canary/plugin-canary-common';
import type { Request, Response, Router } from 'express';
import type { GateStore } from '../lib/gates/GateStore';
import type { GateTokens } from '../lib/gates/gateTokens';
import { CANARY_ROUTE, type EntityAccess } from './requestContext';

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
 * Flagger gate webhooks (`POST /gates/:cluster/:gate`, reachable without Backstage credentials and
 * authenticated with the cluster's gate token), and the gate state of one rollout for the UI.
 * Flagger treats any answer other than 2xx as a closed gate.
 */
export function registerGateRoutes(
  router: Router,
  options: GateRoutesOptions & { access: EntityAccess },
) {
  const { gates, gateTokens, logger, access } = options;

  router.post('/gates/:cluster/:gate', async (req: Request, res: Response) => {
    const { cluster } = req.params;
    const gate = req.params.gate as BackendGate;
    const payload = req.body as WebhookPayload | undefined;
    const metadataToken = payload?.metadata?.[BACKEND_GATE_TOKEN_KEY];
    const token =
      bearer(req) ??
      (typeof metadataToken === 'string' ? metadataToken : undefined);
    const check = gateTokens.check(cluster, token);
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
          ? `No rollback requested for ${canary} revision ${parsed.checksum}`
          : `Waiting for approval at ${gate} of ${canary} revision ${parsed.checksum}: approve it in Backstage`,
    });
  });

  // The gate state of one rollout: where its current run waits, and the approvals given.
  router.get(`${CANARY_ROUTE}/gates`, async (req, res) => {
    const { key, rollout } = await access.entityCanary(req);
    const revision = rollout.canary?.status
      ? flaggerCanaryChecksum(rollout.canary.status)
      : undefined;
    const calls = await gates.calls(key);
    const approvals = await gates.approvals(key);
    const current = revision ? calls.filter(c => c.revision === revision) : [];
    const waiting = current.find(c => !c.open);
    res.json({
      revision,
      waiting: waiting
        ? {
            gate: waiting.gate,
            since: waiting.firstAskedAt,
            lastAskedAt: waiting.lastAskedAt,
          }
        : undefined,
      calls,
      approvals,
    });
  });
}
