import type { CanaryEvents } from './CanaryEvents';
import type { CanaryStatusStore } from './CanaryStatusStore';
import type { DeploymentController } from './DeploymentController';
import type { HookRunner } from './HookRunner';
import type { KubernetesRouter } from './KubernetesRouter';
import type { MetricChecks } from './MetricChecks';
import type { SchedulerDeps } from './schedulerTypes';

/**
 * The collaborators one CanaryScheduler builds from its deps and shares with its steps, one per
 * Flagger seam: events, status writes, the Deployment controller, the router, webhooks and
 * metric checks.
 */
export type SchedulerParts = {
  deps: SchedulerDeps;
  events: CanaryEvents;
  status: CanaryStatusStore;
  deployments: DeploymentController;
  router: KubernetesRouter;
  hooks: HookRunner;
  metricChecks: MetricChecks;
};
