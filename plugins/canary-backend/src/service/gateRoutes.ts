import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  BACKEND_GATES,
  BACKEND_GATE_TOKEN_KEY,
  type BackendGate,
  type FlaggerWebhookPayload,
  readFlaggerWebhookPayload,
} from '@backstage-canary/plugin-canary-common';
import express, {
  type NextFunction,
  type Request,
  type Response,
  type Router,
} from 'express';
import type { GateStore } from '../lib/gates/GateStore';
import type { GateTokenCheck, GateTokens } from '../lib/gates/gateTokens';
import type { CanaryApiRouter } from '../schema/createCanaryApiRouter';

/** What the gate routes need. */
export type GateRoutesOptions = {
  gates: GateStore;
  gateTokens: GateTokens;
  logger?: LoggerService;
};

/**
 * The body as far as it can be read before it is validated: the caller is authenticated first, so
 * a caller without a token learns nothing from the validation of its body.
 */
type UncheckedPayload = Partial<FlaggerWebhookPayload> | undefined;

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
  const payload = body as UncheckedPayload;
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
        // The same words as for a wrong cluster token: a caller without a token learns nothing
        // about which canaries have a secret of their own.
        message: `The gate token is not the one of cluster ${cluster}`,
      };
}

const parseJson = express.json();

/**
 * Authenticates Flagger gate webhooks (`POST /gates/:cluster/:gate`) before the API validates
 * them: a caller without the canary's gate secret or the cluster's gate token gets 403 whatever
 * is wrong with its request, so it learns nothing from the validation of its body. Then an
 * unknown gate gets 404 naming the allowed ones, and a body that is not JSON 400.
 */
export function authenticateGateCallers(
  router: Router,
  options: GateRoutesOptions,
) {
  router.post('/gates/:cluster/:gate', (req, res, next) =>
    parseJson(req, res, parseError => {
      if (parseError) req.body = undefined;
      authenticate(options, req, res, parseError).then(
        accepted => (accepted ? next() : undefined),
        next,
      );
    }),
  );
  // A gate path that does not even decode is a call without a valid token: a closed gate for Flagger.
  router.use(
    '/gates',
    (error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'POST' || !(error instanceof URIError)) {
        next(error);
        return;
      }
      res.status(403).json({
        open: false,
        error: 'unknown-cluster',
        message:
          'The gate path is not valid percent-encoding, so it names no cluster whose gates this backend serves',
      });
    },
  );
}

/** Whether the gate caller may go on to the gate; answers the request when it may not. */
async function authenticate(
  options: GateRoutesOptions,
  req: Request,
  res: Response,
  parseError: unknown,
): Promise<boolean> {
  const { cluster, gate } = req.params;
  const payload = req.body as UncheckedPayload;
  const metadataToken = payload?.metadata?.[BACKEND_GATE_TOKEN_KEY];
  const token =
    bearer(req) ??
    (typeof metadataToken === 'string' ? metadataToken : undefined);
  const check = await checkCaller(options, cluster, req.body, token);
  if (!check.ok) {
    res
      .status(403)
      .json({ open: false, error: check.reason, message: check.message });
    return false;
  }
  if (!BACKEND_GATES.includes(gate as BackendGate)) {
    res.status(404).json({
      open: false,
      message: `Unknown gate ${gate}; allowed: ${BACKEND_GATES.join(', ')}`,
    });
    return false;
  }
  if (parseError) {
    res.status(400).json({
      open: false,
      message: `The body is not JSON (${
        (parseError as Error).message
      }): send Flagger's webhook payload`,
    });
    return false;
  }
  return true;
}

/**
 * Flagger gate webhooks (`POST /gates/:cluster/:gate`, reachable without Backstage credentials;
 * their callers are authenticated by {@link authenticateGateCallers} before the API validates
 * them). Flagger treats any answer other than 2xx as a closed gate. The gate state and the secret
 * rotation are operations of a Backstage caller (GateOperations).
 */
export function registerGateWebhookRoutes(
  router: CanaryApiRouter,
  options: GateRoutesOptions,
) {
  const { gates, logger } = options;

  router.post('/gates/:cluster/:gate', async (req, res) => {
    const { cluster, gate } = req.params;
    const reading = readFlaggerWebhookPayload(req.body);
    if (!reading.ok) {
      res.status(400).json({ open: false, message: reading.message });
      return;
    }
    const parsed = reading.payload;
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
}
