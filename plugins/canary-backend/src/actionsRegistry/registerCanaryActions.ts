import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { CanaryOperations } from '../service/operations/CanaryOperations';
import { withDependencyErrors } from '../service/operations/dependencyErrors';
import { registerReadActions } from './registerReadActions';
import { registerRolloutActions } from './registerRolloutActions';

/**
 * Registers the Canary backend's operations with the actions registry, for MCP clients, software
 * templates and other plugins: the reads and one action per rollout verb. They show up as
 * `canary:<name>` once `backend.actions.pluginSources` lists `canary`.
 */
export function registerCanaryActions(options: {
  actionsRegistry: ActionsRegistryService;
  operations: CanaryOperations;
}) {
  const { operations } = options;
  // A failing catalog, permission backend or database answers 503 naming it, as over HTTP.
  const actionsRegistry = withDependencyErrors(options.actionsRegistry);
  registerReadActions({ actionsRegistry, reads: operations.reads });
  registerRolloutActions({ actionsRegistry, actions: operations.actions });
}
