import { CANARY_PHASE, isRunPhase } from '../../model/canaryPhases';
import {
  type DiagnosisContext,
  recentEntries,
  spoken,
} from './diagnosisContext';
import type { DiagnosedCause } from './types';

/** How many analysis intervals without a sign of Flagger make it silent (at least 3 minutes). */
export const SILENT_INTERVALS = 3;

const iso = (ms: number) => new Date(ms).toISOString();

/** The backend's watches of the cluster are down: what is shown may be old. */
export function clusterUnreachable(
  context: DiagnosisContext,
): DiagnosedCause | undefined {
  const freshness = context.input.freshness;
  if (!freshness?.disconnected) return undefined;
  const since = freshness.lastContactAt;
  return {
    cause: 'cluster-unreachable',
    title: `Cluster ${freshness.cluster} cannot be reached`,
    evidence: [
      since
        ? `No answer from ${freshness.cluster} since ${since}${
            freshness.reason ? `: ${freshness.reason}` : ''
          }`
        : `The backend's watches of ${freshness.cluster} are down${
            freshness.reason ? `: ${freshness.reason}` : ''
          }`,
    ],
    fix: `Check that the API server of ${freshness.cluster} is up and reachable from Backstage, and the credentials Backstage uses for it. Until then, what the tab shows of this cluster is as of its last contact.`,
    since,
  };
}

/** `spec.suspend`: Flagger skips the canary. */
export function suspended(
  context: DiagnosisContext,
): DiagnosedCause | undefined {
  if (!context.input.canary.spec.suspend) return undefined;
  return {
    cause: 'suspended',
    title: 'The canary is paused (spec.suspend)',
    evidence: ['spec.suspend is true: Flagger skips every check of it'],
    fix: 'Resume it (the Resume action) when the rollout may go on.',
  };
}

/** A confirm gate waits for an approval. */
export function gateClosed(
  context: DiagnosisContext,
): DiagnosedCause | undefined {
  const phase = context.input.canary.status?.phase;
  const waiting = recentEntries(context, 'waiting-for-approval');
  const latest = waiting[0];
  const atGate =
    phase === CANARY_PHASE.Waiting || phase === CANARY_PHASE.WaitingPromotion;
  if (!atGate && !latest) return undefined;
  const gate =
    latest?.entry.gate ??
    (phase === CANARY_PHASE.Waiting ? 'confirm-rollout' : 'confirm-promotion');
  const oldest = waiting[waiting.length - 1];
  return {
    cause: 'gate-closed',
    title: `Waiting for approval at ${gate}`,
    evidence: [
      latest
        ? `Flagger reported the ${gate} gate closed ${waiting.length} time${
            waiting.length === 1 ? '' : 's'
          } (webhook ${latest.entry.webhook})`
        : `The canary is ${phase}: its ${gate} gate has not opened`,
    ],
    fix: latest
      ? `Approve the run (the Approve action), or have the gate behind webhook ${latest.entry.webhook} open.`
      : 'Approve the run (the Approve action), or open its gate.',
    since: oldest?.at,
    subject: latest?.entry.webhook,
  };
}

/** A promote was asked and Kurator has not rendered it to this member in time. */
export function kuratorNotRendered(
  context: DiagnosisContext,
): DiagnosedCause | undefined {
  const pending = context.input.pending;
  if (pending?.kind !== 'promote' || !pending.kurator) return undefined;
  const due = Date.parse(pending.takesEffectBy);
  if (!(context.now > due + context.intervalMs)) return undefined;
  return {
    cause: 'kurator-not-rendered',
    title: 'Kurator has not rendered the promote to this cluster',
    evidence: [
      `${pending.actor} asked to promote at ${
        pending.requestedAt
      }; it should have taken effect by ${pending.takesEffectBy}, ${spoken(
        context.now - due,
      )} ago`,
    ],
    fix: "Check the Kurator Application's status on the fleet's host cluster (status.syncStatus) and the Kurator controller's logs: it renders the Application's rollout policy into this member's Canary.",
    since: pending.requestedAt,
  };
}

/** A run in progress without a sign of Flagger for several intervals. */
export function controllerSilent(
  context: DiagnosisContext,
): DiagnosedCause | undefined {
  const phase = context.input.canary.status?.phase;
  const pending = context.input.pending;
  const missedPromote =
    pending?.kind === 'promote' &&
    !pending.kurator &&
    context.now > Date.parse(pending.takesEffectBy) + context.intervalMs
      ? pending
      : undefined;
  const promoteMissed = missedPromote !== undefined;
  if (!isRunPhase(phase) && !promoteMissed) return undefined;
  if (context.input.canary.spec.suspend) return undefined;
  const silentFor = Math.max(SILENT_INTERVALS * context.intervalMs, 180_000);
  const last = context.lastActivityAt;
  if (
    !promoteMissed &&
    (last === undefined || context.now - last < silentFor)
  ) {
    return undefined;
  }
  const cluster = context.input.freshness?.cluster;
  return {
    cause: 'controller-silent',
    title: 'Flagger has not acted on the canary for a while',
    evidence: [
      ...(last !== undefined
        ? [
            `No Flagger event or status change for ${spoken(
              context.now - last,
            )} (analysis interval ${spoken(context.intervalMs)})`,
          ]
        : []),
      ...(missedPromote
        ? [
            `A promote asked at ${missedPromote.requestedAt} has not taken effect`,
          ]
        : []),
    ],
    fix: `Is the Flagger controller running${
      cluster ? ` on ${cluster}` : ''
    }? Check its Deployment (e.g. kubectl -n flagger-system get deploy flagger) and its logs for this canary.`,
    since: last !== undefined ? iso(last) : undefined,
  };
}
