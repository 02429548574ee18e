import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  canaryRolloutReadPermission,
  type CanaryRef,
} from '@backstage-canary/plugin-canary-common';
import type { ClusterCallContext } from '../../lib/cluster/ClusterGateway';
import type { EntityRolloutFinder } from '../../lib/resolve/EntityRolloutFinder';
import type {
  EntityRollouts,
  FoundRollout,
} from '../../lib/resolve/RolloutTarget';
import { ServicePrincipalAccess } from '../../lib/config/ServicePrincipalAccess';
import { readEntityName, readEntityRef } from '../../lib/input/entityName';
import { inputField } from '../../lib/input/InputField';
import { type CanaryCaller, clusterContextOf } from './CanaryCaller';
import { clusterRefusal } from './clusterRefusal';
import { ReadGrantCache } from '../../lib/access/ReadGrantCache';

/** An entity as an operation names it: a ref string (`component:default/shop`) or its parts. */
export type EntityName = string | CompoundEntityRef;

/** One canary of an entity, found after the permission check. */
export type EntityCanary = {
  entity: Entity;
  key: CanaryRef;
  rollout: FoundRollout;
  rollouts: EntityRollouts;
  context: ClusterCallContext;
};

/**
 * Reads an entity name with the shared parsers (lib/input): a ref string, or parts that are each a
 * name the catalog could hold; anything else is an InputError naming the field.
 */
export function toCompoundRef(
  name: EntityName,
  field = 'entityRef',
): CompoundEntityRef {
  if (typeof name === 'string') return readEntityRef(name, inputField(field));
  return readEntityName(name, {
    kind: inputField('kind'),
    namespace: inputField('namespace'),
    name: inputField('name'),
  });
}

/**
 * Loads entities and their canaries for a caller, after the permission checks: the entity the
 * caller may see in the catalog, then a `canary.*` permission on it. No cluster is touched before
 * the permission is granted.
 */
export class CanaryEntityAccess {
  private readonly permissions: PermissionsService;
  private readonly catalog: CatalogService;
  private readonly finder: EntityRolloutFinder;

  private readonly services: ServicePrincipalAccess;
  private readonly readGrants: ReadGrantCache;

  constructor(options: {
    permissions: PermissionsService;
    catalog: CatalogService;
    finder: EntityRolloutFinder;
    /** The service principals allowed by config; none when absent. */
    services?: ServicePrincipalAccess;
    /** The reads granted recently; by default each is kept for 10 s. */
    readGrants?: ReadGrantCache;
  }) {
    this.permissions = options.permissions;
    this.catalog = options.catalog;
    this.finder = options.finder;
    this.services = options.services ?? ServicePrincipalAccess.fromMap({});
    this.readGrants = options.readGrants ?? new ReadGrantCache();
  }

  /**
   * Refuses a service principal a permission config does not give it. The permission framework
   * allows service principals everything, so the Canary backend decides for them, before the
   * catalog or any cluster is read.
   */
  checkService(caller: CanaryCaller, permission: { name: string }): void {
    const principal = caller.credentials.principal as {
      type?: string;
      subject?: string;
    };
    if (principal.type !== 'service') return;
    const subject = principal.subject ?? 'unknown';
    if (!this.services.allows(subject, permission.name)) {
      throw new NotAllowedError(
        this.services.refusal(subject, permission.name),
      );
    }
  }

  /**
   * Loads the entity the caller may see and checks a canary permission on it. A read granted to
   * the same caller within the last seconds is answered from memory (see {@link ReadGrantCache});
   * every other permission is decided afresh.
   */
  async authorizedEntity(
    caller: CanaryCaller,
    name: EntityName,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<Entity> {
    const requested = toCompoundRef(name);
    this.checkService(caller, permission);
    const lookUp = () => this.lookUpAuthorized(caller, requested, permission);
    if (permission.name !== canaryRolloutReadPermission.name) return lookUp();
    return this.readGrants.granted(
      caller.credentials,
      permission.name,
      stringifyEntityRef(requested),
      lookUp,
    );
  }

  /**
   * The catalog read and the permission check, side by side, for the canonical ref of the name the
   * caller gave; the entity is only returned when the permission was granted for its own ref.
   */
  private async lookUpAuthorized(
    caller: CanaryCaller,
    requested: CompoundEntityRef,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<Entity> {
    const { credentials } = caller;
    const allowed = (resourceRef: string) =>
      this.permissions
        .authorize([{ permission, resourceRef }], { credentials })
        .then(([decision]) => decision.result === AuthorizeResult.ALLOW);
    const requestedRef = stringifyEntityRef(requested);
    // The catalog's answer comes first: an entity the caller cannot see is not found, whatever the
    // permission check said or failed with.
    const [lookup, asRequested] = await Promise.allSettled([
      this.catalog.getEntityByRef(requested, { credentials }),
      allowed(requestedRef),
    ]);
    if (lookup.status === 'rejected') throw lookup.reason;
    const entity = lookup.value;
    if (!entity) {
      throw new NotFoundError(
        `Entity ${requestedRef} was not found in the catalog`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    let granted: boolean;
    // Refs are canonical (lower case) on both sides; a catalog answering another entity is asked
    // about on its own.
    if (entityRef !== requestedRef) granted = await allowed(entityRef);
    else if (asRequested.status === 'rejected') throw asRequested.reason;
    else granted = asRequested.value;
    if (!granted) {
      throw new NotAllowedError(
        `Permission ${permission.name} is required for ${entityRef}`,
      );
    }
    return entity;
  }

  /** The entity's canaries across the fleet, read for the caller. */
  async findRollouts(
    entity: Entity,
    context: ClusterCallContext,
  ): Promise<EntityRollouts> {
    return this.finder.find(entity, context);
  }

  /**
   * One canary of the entity, after checking that it is one of the entity's rollouts and that the
   * cluster side binds it to the entity (403 naming what to add where otherwise), so that neither
   * reading an entity's history nor acting on its rollouts ever reaches another service's canary.
   */
  async entityCanary(
    caller: CanaryCaller,
    name: EntityName,
    canary: CanaryRef,
    permission: ResourcePermission<'catalog-entity'> = canaryRolloutReadPermission,
  ): Promise<EntityCanary> {
    const entity = await this.authorizedEntity(caller, name, permission);
    const context = clusterContextOf(caller);
    const rollouts = await this.finder.find(entity, context);
    const refused = clusterRefusal(rollouts, canary);
    if (refused) throw refused;
    const rollout = rollouts.rollouts.find(
      r =>
        r.cluster === canary.cluster &&
        r.namespace === canary.namespace &&
        r.name === canary.name,
    );
    if (!rollout) {
      throw new NotFoundError(
        `Canary ${canary.namespace}/${canary.name} on cluster ${
          canary.cluster
        } is not a rollout of ${stringifyEntityRef(entity)}`,
      );
    }
    // Reads and changes alike: a catalog annotation alone never opens another team's canary.
    if (!rollout.binding?.bound) {
      throw new NotAllowedError(
        `Canary ${canary.namespace}/${canary.name} on cluster ${
          canary.cluster
        } is not bound to ${stringifyEntityRef(entity)}: ${
          rollout.binding && !rollout.binding.bound
            ? rollout.binding.reason
            : 'the cluster side does not name the entity'
        }`,
      );
    }
    const key = {
      cluster: canary.cluster,
      namespace: canary.namespace,
      name: canary.name,
    };
    return { entity, key, rollout, rollouts, context };
  }
}
