import type {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RolloutActionRunner } from '../../lib/actions/RolloutActionRunner';
import type { RolloutMetricsReader } from '../../lib/metrics/RolloutMetricsReader';
import type { RolloutInbox } from '../../lib/read/RolloutInbox';
import type { RolloutReader } from '../../lib/read/RolloutReader';
import type { EntityRolloutFinder } from '../../lib/resolve/EntityRolloutFinder';
import type { RolloutStore } from '../../lib/store/RolloutStore';
import type { ServicePrincipalAccess } from '../../lib/config/ServicePrincipalAccess';
import { CanaryEntityAccess } from './EntityAccess';
import { RolloutActionOperations } from './RolloutActionOperations';
import { RolloutReadOperations } from './RolloutReadOperations';

/** The Canary backend's operations for a caller, shared by the HTTP routes and the actions registry. */
export type CanaryOperations = {
  access: CanaryEntityAccess;
  reads: RolloutReadOperations;
  actions: RolloutActionOperations;
};

/** What the operations are built from: the plugin's services and readers. */
export type CanaryOperationsOptions = {
  permissions: PermissionsService;
  catalog: CatalogService;
  finder: EntityRolloutFinder;
  reader: RolloutReader;
  store: RolloutStore;
  metrics: RolloutMetricsReader;
  inbox: RolloutInbox;
  actions: RolloutActionRunner;
  auditor: AuditorService;
  /** The service principals allowed canary permissions by config. */
  services?: ServicePrincipalAccess;
};

/** Builds the operations from the plugin's services and readers. */
export function createCanaryOperations(
  options: CanaryOperationsOptions,
): CanaryOperations {
  const access = new CanaryEntityAccess(options);
  return {
    access,
    reads: new RolloutReadOperations({ ...options, access }),
    actions: new RolloutActionOperations({ ...options, access }),
  };
}
