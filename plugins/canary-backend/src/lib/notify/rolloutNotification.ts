import type { Entity } from '@backstage/catalog-model';
import {
  CANARY_PHASE,
  type CanaryRef,
  type GateType,
} from '@backstage-canary/plugin-canary-common';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';

/** Why a rollout needs its owners: it failed, or it waits at an approval gate. */
export type RolloutAttention =
  | {
      kind: 'failed';
      failedChecks: number;
      threshold?: number;
      halts: string[];
      /** Why, in sentences (the run's explanation, as the lane and the inbox say it). */
      explanation?: string;
    }
  | { kind: 'waiting'; gate: GateType; phase?: string };

/** The notification topics, one per kind of attention, so users can mute one of them. */
export const NOTIFICATION_TOPICS = {
  failed: 'Canary rollout failed',
  waiting: 'Canary rollout waiting for approval',
} as const;

/** The gate a waiting phase stands for. */
export const GATE_OF_PHASE: Record<string, GateType> = {
  [CANARY_PHASE.Waiting]: 'confirm-rollout',
  [CANARY_PHASE.WaitingPromotion]: 'confirm-promotion',
};

/** The path of an entity's Canary tab in the app. */
export function canaryTabLink(entity: Entity): string {
  const kind = entity.kind.toLocaleLowerCase('en-US');
  const namespace = (entity.metadata.namespace ?? 'default').toLocaleLowerCase(
    'en-US',
  );
  return `/catalog/${namespace}/${kind}/${entity.metadata.name}/canary`;
}

/**
 * The notification for an entity's owners about one rollout: title, description (cluster, canary,
 * failed checks or the gate), severity, topic, a link to the entity's Canary tab, and a scope that
 * makes a repeated send of the same transition update the notification instead of adding one.
 */
export function rolloutNotification(options: {
  entity: Entity;
  key: CanaryRef;
  attention: RolloutAttention;
  /** The revision (Flagger's lastAppliedSpec) of the run, to scope the notification. */
  revision?: string;
}): NotificationPayload {
  const { entity, key, attention } = options;
  const canary = `${key.namespace}/${key.name}`;
  const scope = `canary:${key.cluster}/${canary}:${options.revision ?? '-'}:${
    attention.kind === 'failed' ? 'failed' : attention.gate
  }`;
  const link = canaryTabLink(entity);
  if (attention.kind === 'failed') {
    const checks =
      attention.threshold !== undefined
        ? `${attention.failedChecks} of ${attention.threshold} failed checks`
        : `${attention.failedChecks} failed checks`;
    const halts = attention.halts.length
      ? ` Last halts: ${attention.halts.join('; ')}.`
      : '';
    return {
      title: `Rollout of ${entity.metadata.name} failed on ${key.cluster}`,
      description: attention.explanation
        ? `Canary ${canary} on cluster ${key.cluster}: ${attention.explanation}`
        : `Canary ${canary} on cluster ${key.cluster} failed its analysis (${checks}) and was rolled back to the primary.${halts}`,
      severity: 'high',
      topic: NOTIFICATION_TOPICS.failed,
      link,
      scope,
    };
  }
  return {
    title: `Rollout of ${entity.metadata.name} waits for approval on ${key.cluster}`,
    description: `Canary ${canary} on cluster ${key.cluster} is halted at the ${
      attention.gate
    } gate${
      attention.phase ? ` (phase ${attention.phase})` : ''
    }. Approve or abort it on the Canary tab.`,
    severity: 'normal',
    topic: NOTIFICATION_TOPICS.waiting,
    link,
    scope,
  };
}
