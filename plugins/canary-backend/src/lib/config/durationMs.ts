import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { durationToMilliseconds, type HumanDuration } from '@backstage/types';

/**
 * A scheduler frequency in milliseconds: a duration as given, a cron expression or a manual
 * trigger as one minute.
 */
export function durationMs(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): number {
  if ('cron' in frequency || 'trigger' in frequency) return 60_000;
  return durationToMilliseconds(frequency as HumanDuration);
}
