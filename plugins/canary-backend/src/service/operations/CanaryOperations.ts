import type {
  AuditorService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RolloutActionRunner } from '../../lib/execution/RolloutActionRunner';
import type { RolloutMetricsReader } from '../../lib/metrics/RolloutMetricsReader';
import type { RolloutDiagnoser } from '../../lib/read/RolloutDiagnoser';
import type { RolloutInbox } from '../../lib/read/RolloutInbox';
import type { RolloutReader } from '../../lib/read/RolloutReader';
import type { EntityRolloutFinder } from '../../lib/resolve/EntityRolloutFinder';
import type { RolloutStore } from '../../lib/store/RolloutStore';
import type { ServicePrincipalAccess } from '../../lib/config/ServicePrincipalAccess';
import type { ReadGrantCache } from '../../lib/access/ReadGrantCache';
import type { GateStore } from '../../lib/gates/GateStore';
import type { GateTokens } from '../../lib/gates/gateTokens';
import type { PolicyService } from '../../lib/policy/PolicyService';
import { CanaryEntityAccess } from './EntityAccess';
import { GateOperations } from './GateOperations';
import { PolicyOperations } from './PolicyOperations';
import { RolloutActionOperations } from './RolloutActionOperations';
import { RolloutReadOperations } from './RolloutReadOperations';
import { RollbackOperations } from './RollbackOperations';

/** The Canary backend's operations for a caller, shared by the HTTP routes and the actions registry. */
export type CanaryOperations = {
  access: CanaryEntityAccess;
  reads: RolloutReadOperations;
  actions: RolloutActionOperations;
  /** Rollbacks to a recorded revision. */
  rollback: RollbackOperations;
  /** The backend gates of a rollout, when this backend serves gates. */
  gates?: GateOperations;
  /** Rollout policy changes, when configured. */
  policies?: PolicyOperations;
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
  /** Says why a rollout meant to move does not ("why is it stuck"). */
  diagnoser?: RolloutDiagnoser;
  actions: RolloutActionRunner;
  /** How long a rollout action's cluster calls may take; default 30 s. */
  actionTimeoutMs?: number;
  auditor: AuditorService;
  /** The service principals allowed canary permissions by config. */
  services?: ServicePrincipalAccess;
  /** The reads granted recently (see ReadGrantCache); by default each is kept for 10 s. */
  readGrants?: ReadGrantCache;
  /** The gates this backend serves. */
  gates?: { gates: GateStore; gateTokens: GateTokens; logger?: LoggerService };
  /** Rollout policy changes (validate, preview, dry-run, apply). */
  policies?: PolicyService;
};

/**
 * Builds the operations once from the plugin's services and readers: one entity access (the
 * permission, service-principal and binding checks) behind every read, action, gate and policy
 * operation.
 */
export function createCanaryOperations(
  options: CanaryOperationsOptions,
): CanaryOperations {
  const access = new CanaryEntityAccess(options);
  const { auditor } = options;
  return {
    access,
    reads: new RolloutReadOperations({ ...options, access }),
    actions: new RolloutActionOperations({ ...options, access }),
    rollback: new RollbackOperations({
      ...options,
      access,
      gateway: options.actions.gateway,
    }),
    gates:
      options.gates &&
      new GateOperations({ ...options.gates, access, auditor }),
    policies:
      options.policies &&
      new PolicyOperations({ policies: options.policies, access, auditor }),
  };
}
