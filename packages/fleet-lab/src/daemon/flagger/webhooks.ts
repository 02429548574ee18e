import { parseGoDuration } from '../../domain/goFormat';
import { webhookChecksum } from '../../domain/webhookChecksum';
import { analysisOf } from './canarySpec';
import type { Canary, SchedulerDeps } from './schedulerTypes';

/** One entry of `analysis.webhooks[]`. */
export type Webhook = {
  name: string;
  type?: string;
  url: string;
  timeout?: string;
  retries?: number;
  metadata?: Record<string, string>;
};

/** The webhook types Flagger knows; an empty type is `rollout`. */
export type HookType =
  | 'confirm-rollout'
  | 'pre-rollout'
  | 'rollout'
  | 'confirm-traffic-increase'
  | 'confirm-promotion'
  | 'post-rollout'
  | 'rollback'
  | 'event';

/** The canary's webhooks of one type, in spec order (an untyped hook is a `rollout` hook). */
export function hooksOf(cd: Canary, type: HookType): Webhook[] {
  return ((analysisOf(cd).webhooks ?? []) as Webhook[]).filter(
    h => (h.type || 'rollout') === type,
  );
}

/**
 * pkg/controller/webhook.go canaryChecksum, computed exactly as Flagger does from the status:
 * gates served by the Canary backend match approvals by it.
 */
export function canaryChecksum(cd: Canary): string {
  return webhookChecksum({
    trackedConfigs: cd.status?.trackedConfigs,
    lastAppliedSpec: cd.status?.lastAppliedSpec ?? '',
  });
}

/**
 * CallWebhook: POSTs Flagger's payload (name, namespace, phase, checksum, metadata). Success is an
 * HTTP status <= 202; otherwise the body (or transport error) is the error. 5xx answers and
 * transport errors are retried `retries` times, other answers are final.
 *
 * The payload (and so the checksum) is taken when the call is made, before the first await.
 */
export async function callWebhook(
  deps: Pick<SchedulerDeps, 'post'>,
  cd: Canary,
  phase: string,
  hook: Webhook,
): Promise<void> {
  const payload = JSON.stringify({
    name: cd.metadata.name,
    namespace: cd.metadata.namespace,
    phase,
    checksum: canaryChecksum(cd),
    metadata: hook.metadata ?? {},
  });
  const timeoutMs = (hook.timeout && parseGoDuration(hook.timeout)) || 10_000;
  const attempts = 1 + Math.max(0, hook.retries ?? 0);
  let lastError = '';
  for (let i = 0; i < attempts; i++) {
    try {
      const res = await deps.post(
        hook.url,
        cd.metadata.namespace!,
        payload,
        timeoutMs,
      );
      if (res.status <= 202) {
        return;
      }
      lastError = res.body;
      if (res.status < 500) {
        break;
      }
    } catch (error) {
      lastError = (error as Error).message;
    }
  }
  throw new Error(lastError);
}
