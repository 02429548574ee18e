import type { CanaryWebhook } from '../../model/canary';
import { type BackendGateUrl, parseBackendGateUrl } from '../backendGates';

/**
 * A loadtester gate among the canary's webhooks. `check` gates (`/gate/check`, `/rollback/check`)
 * have an open/close API scoped to the canary; a `halt` gate (`/gate/halt`) can only be approved
 * by repointing the webhook, which would approve every later release too.
 */
export type LoadtesterGate = {
  webhook: CanaryWebhook;
  index: number;
  mode: 'check' | 'halt';
};

/** A webhook served by the Canary backend's own gates, with what its URL names. */
export type BackendGateHook = BackendGateUrl & { webhook: CanaryWebhook };

/**
 * The first webhook of a type that points at a loadtester gate ending in `checkPath`; for
 * confirm gates a `/gate/halt` webhook also counts, so callers can explain why it is not approved.
 */
export function findGate(
  webhooks: CanaryWebhook[],
  type: CanaryWebhook['type'],
  checkPath: string,
): LoadtesterGate | undefined {
  for (let index = 0; index < webhooks.length; index++) {
    const webhook = webhooks[index];
    if (webhook.type !== type) continue;
    const url = webhook.url.replace(/\/+$/, '');
    if (url.endsWith(checkPath)) return { webhook, index, mode: 'check' };
    if (checkPath === '/gate/check' && url.endsWith('/gate/halt')) {
      return { webhook, index, mode: 'halt' };
    }
  }
  return undefined;
}

/**
 * The first webhook of a type that points at a Canary backend gate. Such gates are preferred over
 * the loadtester's: their approvals hold for one revision only.
 */
export function findBackendGate(
  webhooks: CanaryWebhook[],
  type: CanaryWebhook['type'],
): BackendGateHook | undefined {
  for (const webhook of webhooks) {
    if ((webhook.type || 'rollout') !== type) continue;
    const parsed = parseBackendGateUrl(webhook.url);
    if (parsed) return { webhook, ...parsed };
  }
  return undefined;
}

/**
 * The sibling endpoint of a loadtester gate: `/gate/check` becomes `/gate/open` or `/gate/close`
 * (and likewise for `/rollback/...`), keeping the loadtester's base URL.
 */
export function swapPath(url: string, from: string, to: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.slice(0, trimmed.length - from.length) + to;
}
