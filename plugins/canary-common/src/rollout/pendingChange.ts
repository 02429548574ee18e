import { isAnalysisPhase, runOutcomeOf } from '../model/canaryPhases';
import type {
  PendingNewRevision,
  PendingPromote,
} from '../api/rolloutContextTypes';

/**
 * How long Kurator may take to re-render a canary from its Application (it reconciles at least
 * every 30 s).
 *
 * @public
 */
export const KURATOR_RERENDER_MS = 30_000;

/**
 * A promote request from the action log.
 *
 * @public
 */
export type PromoteRequest = {
  actor: string;
  at: string;
  outcome: 'succeeded' | 'failed' | 'unchanged' | 'pending';
};

/**
 * The promote Flagger has not acted on yet: the last promote request of the current run (the caller
 * picks it), while the canary is still analysed (Progressing or WaitingPromotion). A request the
 * cluster refused is not pending.
 *
 * @public
 */
export function pendingPromote(options: {
  phase: string | undefined;
  request?: PromoteRequest;
  intervalMs: number;
  kurator: boolean;
}): PendingPromote | undefined {
  const { request, intervalMs, kurator } = options;
  if (!request || !isAnalysisPhase(options.phase)) return undefined;
  if (request.outcome === 'failed') return undefined;
  const requestedAt = Date.parse(request.at);
  if (Number.isNaN(requestedAt)) return undefined;
  const bound = requestedAt + intervalMs + (kurator ? KURATOR_RERENDER_MS : 0);
  return {
    kind: 'promote',
    actor: request.actor,
    requestedAt: new Date(requestedAt).toISOString(),
    intervalMs,
    kurator,
    takesEffectBy: new Date(bound).toISOString(),
  };
}

const sameImages = (a: string[], b: string[]) =>
  a.length === b.length &&
  [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * A new revision Flagger has not started a run for: the canary rests (Succeeded, Failed or
 * Initialized) and the target workload's images differ from the images of its last run. Unknown
 * images on either side detect nothing.
 *
 * @public
 */
export function pendingNewRevision(options: {
  phase: string | undefined;
  images: string[];
  previousImages?: string[];
  intervalMs: number;
}): PendingNewRevision | undefined {
  const { phase, images, previousImages, intervalMs } = options;
  const resting = runOutcomeOf(phase) !== undefined || phase === 'Initialized';
  if (!resting || !images.length || !previousImages?.length) return undefined;
  if (sameImages(images, previousImages)) return undefined;
  return { kind: 'new-revision', images, previousImages, intervalMs };
}
