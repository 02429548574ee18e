/**
 * Flagger gate webhooks served by the Canary backend: `<backend>/api/canary/gates/<cluster>/<gate>`.
 * Unlike the loadtester's `/gate/check`, each answer is per canary, revision (the payload's
 * checksum) and gate, from approvals stored by the backend, so an approval never opens a later
 * release.
 */

/**
 * The gates the backend serves, named like the Flagger webhook types they answer.
 *
 * @public
 */
export const BACKEND_GATES = [
  'confirm-rollout',
  'confirm-traffic-increase',
  'confirm-promotion',
  'rollback',
] as const;

/**
 * A gate the backend serves.
 *
 * @public
 */
export type BackendGate = (typeof BACKEND_GATES)[number];

/**
 * The path of the gate webhooks below a backend's base URL.
 *
 * @public
 */
export const BACKEND_GATES_PATH = '/api/canary/gates';

/**
 * The metadata key of a gate webhook that carries the cluster's gate token (Flagger webhooks cannot
 * set headers).
 *
 * @public
 */
export const BACKEND_GATE_TOKEN_KEY = 'token';

/**
 * A webhook URL that points at a backend gate, taken apart.
 *
 * @public
 */
export type BackendGateUrl = {
  /** The backend's base URL (before `/api/canary/gates`). */
  baseUrl: string;
  /** The Backstage cluster name the URL is for. */
  cluster: string;
  gate: BackendGate;
};

/**
 * Parses `<base>/api/canary/gates/<cluster>/<gate>`; undefined for any other URL (a loadtester).
 *
 * @public
 */
export function parseBackendGateUrl(url: string): BackendGateUrl | undefined {
  const match = /^(.*)\/api\/canary\/gates\/([^/?#]+)\/([^/?#]+)\/*$/.exec(
    url.trim(),
  );
  if (!match) return undefined;
  const gate = match[3] as BackendGate;
  if (!BACKEND_GATES.includes(gate)) return undefined;
  return {
    baseUrl: match[1],
    cluster: decodeURIComponent(match[2]),
    gate,
  };
}

/**
 * The base of a policy's `gates.url` when it points at a backend (`<base>/api/canary/gates/<cluster>`).
 *
 * @public
 */
export function parseBackendGatesBase(
  url: string,
): { baseUrl: string; cluster: string } | undefined {
  const match = /^(.*)\/api\/canary\/gates\/([^/?#]+)\/*$/.exec(url.trim());
  return match
    ? { baseUrl: match[1], cluster: decodeURIComponent(match[2]) }
    : undefined;
}
