import {
  type FlaggerEventName,
  flaggerEvent,
} from '../../domain/flaggerEvents';
import type { Canary, SchedulerDeps } from './schedulerTypes';

/** What a recorded event is also handed to: the canary's `event` webhooks. */
export type EventListener = (
  cd: Canary,
  type: 'Normal' | 'Warning',
  message: string,
) => void;

/**
 * Flagger's `recordEventInfof` / `recordEventWarningf` (pkg/controller/events.go): every event is
 * logged, written as a Kubernetes event on the Canary, then handed to the `event` webhooks. The
 * texts come from the domain's event table, so they stay word for word Flagger's.
 */
export class CanaryEvents {
  constructor(
    private readonly deps: Pick<SchedulerDeps, 'log' | 'events'>,
    private readonly recorded: EventListener,
  ) {}

  /** A named Flagger event with its format arguments. */
  async event(
    cd: Canary,
    name: FlaggerEventName,
    ...args: Array<string | number>
  ) {
    const { type, message } = flaggerEvent(name, ...args);
    await this.record(cd, type, message);
  }

  /** `recordEventWarningf(cd, "%v", err)`: an error's text as a Warning. */
  async warning(cd: Canary, message: string) {
    await this.record(cd, 'Warning', message);
  }

  private async record(
    cd: Canary,
    type: 'Normal' | 'Warning',
    message: string,
  ) {
    this.deps.log(
      `${cd.metadata.namespace}/${cd.metadata.name} ${type}: ${message}`,
    );
    await this.deps.events.record(cd, type, message);
    this.recorded(cd, type, message);
  }
}
