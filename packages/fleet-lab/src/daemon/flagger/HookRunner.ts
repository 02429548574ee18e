import type { CanaryPhase } from '@backstage-canary/plugin-canary-common';
import type { CanaryEvents } from './CanaryEvents';
import type { CanaryStatusStore } from './CanaryStatusStore';
import type { Canary, SchedulerDeps } from './schedulerTypes';
import { type HookType, type Webhook, callWebhook, hooksOf } from './webhooks';

/** What a hook run hands its rule: where to record events and how to change the phase. */
type HookContext = { events: CanaryEvents; status: CanaryStatusStore };

/**
 * How Flagger treats one webhook type (pkg/controller/scheduler_hooks.go). Hooks of a type are
 * called in spec order; `stopOn` says which result ends the run:
 * - `failure`: a gate; the first failing hook closes it (`run` resolves false),
 * - `success`: a trigger; the first passing hook fires it (`run` resolves true),
 * - `never`: every hook is called whatever it answers (`run` resolves true).
 * `passed` runs inside the same try as the call, as in Flagger: if it throws, the hook failed.
 */
type HookRule = {
  /** When the scheduler calls hooks of this type (documentation of the table). */
  when: string;
  stopOn: 'failure' | 'success' | 'never';
  passed?: (t: HookContext, cd: Canary, hook: Webhook) => Promise<void>;
  failed?: (
    t: HookContext,
    cd: Canary,
    hook: Webhook,
    error: Error,
  ) => Promise<void>;
};

/** The hook types the scheduler awaits; `event` hooks are fire-and-forget (see `notify`). */
export type AwaitedHookType = Exclude<HookType, 'event'>;

const ns = (cd: Canary) => cd.metadata.namespace!;

/** The table: hook type -> when it runs and what its answers do. */
export const HOOK_RULES: Record<AwaitedHookType, HookRule> = {
  'confirm-rollout': {
    when: 'a new revision waits to start (every tick until the gate opens)',
    stopOn: 'failure',
    async passed(t, cd, hook) {
      if (cd.status?.phase === 'Waiting') {
        await t.events.event(cd, 'confirmRolloutPassed', hook.name);
      }
    },
    // enter Waiting once; the canary is not scaled up until the gate opens
    async failed(t, cd, hook) {
      if (cd.status?.phase !== 'Waiting') {
        await t.status.setStatusPhase(cd, 'Waiting');
        await t.events.event(
          cd,
          'waitingForApproval',
          cd.metadata.name,
          ns(cd),
          hook.name,
        );
      }
    },
  },
  'pre-rollout': {
    when: 'the first analysis tick (canary weight 0, iteration 0)',
    stopOn: 'failure',
    async passed(t, cd, hook) {
      await t.events.event(cd, 'preRolloutPassed', hook.name);
    },
    // the caller counts a failed check
    async failed(t, cd, hook, error) {
      await t.events.event(
        cd,
        'preRolloutFailed',
        cd.metadata.name,
        ns(cd),
        hook.name,
        error.message,
      );
    },
  },
  rollout: {
    when: 'every later analysis tick, before the metric checks',
    stopOn: 'failure',
    // the caller counts a failed check
    async failed(t, cd, hook, error) {
      await t.events.event(
        cd,
        'externalCheckFailed',
        cd.metadata.name,
        ns(cd),
        hook.name,
        error.message,
      );
    },
  },
  'confirm-traffic-increase': {
    when: 'before each canary weight increase',
    stopOn: 'failure',
    async passed(t, cd, hook) {
      await t.events.event(cd, 'confirmTrafficIncreasePassed', hook.name);
    },
    // the weight stays; the warning repeats every tick and the phase does not change
    async failed(t, cd, hook) {
      await t.events.event(
        cd,
        'waitingForTrafficIncreaseApproval',
        cd.metadata.name,
        ns(cd),
        hook.name,
      );
    },
  },
  'confirm-promotion': {
    when: 'max weight or iterations reached, before the promotion',
    stopOn: 'failure',
    async passed(t, cd, hook) {
      await t.events.event(cd, 'confirmPromotionPassed', hook.name);
    },
    // enter WaitingPromotion once; analysis keeps running there
    async failed(t, cd, hook) {
      if (cd.status?.phase !== 'WaitingPromotion') {
        await t.status.setStatusPhase(cd, 'WaitingPromotion');
        await t.events.event(
          cd,
          'waitingForPromotionApproval',
          cd.metadata.name,
          ns(cd),
          hook.name,
        );
      }
    },
  },
  'post-rollout': {
    when: 'after Succeeded or Failed',
    stopOn: 'never',
    async passed(t, cd, hook) {
      await t.events.event(cd, 'postRolloutPassed', hook.name);
    },
    // the run is over: a failure is only reported
    async failed(t, cd, hook, error) {
      await t.events.event(cd, 'postRolloutFailed', hook.name, error.message);
    },
  },
  rollback: {
    when: 'every tick in Progressing or WaitingPromotion',
    stopOn: 'success',
    // the caller rolls back
    async passed(t, cd, hook) {
      await t.events.event(cd, 'rollbackCheckPassed', hook.name);
    },
    async failed(t, cd, hook) {
      await t.events.event(cd, 'rollbackHookIdle', hook.name);
    },
  },
};

/**
 * Calls a canary's webhooks by the rules of `HOOK_RULES`, and fans recorded events out to its
 * `event` hooks.
 */
export class HookRunner {
  constructor(
    private readonly deps: Pick<SchedulerDeps, 'post'>,
    private readonly context: HookContext,
  ) {}

  /**
   * Runs the canary's hooks of one type with the payload's `phase`. Resolves true when a gate is
   * open, a rollback hook fired, or (post-rollout) always.
   */
  async run(
    type: AwaitedHookType,
    cd: Canary,
    phase: CanaryPhase | string = 'Progressing',
  ): Promise<boolean> {
    const rule = HOOK_RULES[type];
    for (const hook of hooksOf(cd, type)) {
      try {
        await callWebhook(this.deps, cd, phase, hook);
        await rule.passed?.(this.context, cd, hook);
      } catch (error) {
        await rule.failed?.(this.context, cd, hook, error as Error);
        if (rule.stopOn === 'failure') {
          return false;
        }
        continue;
      }
      if (rule.stopOn === 'success') {
        return true;
      }
    }
    return rule.stopOn !== 'success';
  }

  /**
   * `event` hooks: every recorded event is POSTed with its message, type and time in the metadata.
   * Not awaited and failures ignored, as Flagger's `alert` goroutine; the payload is taken now.
   */
  notify(cd: Canary, type: 'Normal' | 'Warning', message: string) {
    for (const hook of hooksOf(cd, 'event')) {
      const metadata = {
        ...(hook.metadata ?? {}),
        eventMessage: message,
        eventType: type,
        timestamp: String(Date.now()),
      };
      callWebhook(this.deps, cd, cd.status?.phase ?? '', {
        ...hook,
        metadata,
      }).catch(() => undefined);
    }
  }
}
