import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import type {
  CatalogService,
  CatalogServiceRequestOptions,
} from '@backstage/plugin-catalog-node';
import pLimit from 'p-limit';

/** How long a catalog call may take by default, queueing included. */
export const DEFAULT_CATALOG_REQUEST_TIMEOUT_MS = 10_000;
/** How many catalog calls may be in flight at once by default. */
export const DEFAULT_CATALOG_MAX_CONCURRENT_REQUESTS = 8;

type Options = CatalogServiceRequestOptions;

/**
 * The catalog, as the Canary backend calls it: every call (entity lookups for the permission
 * checks, the inbox's queries, the owners of a rollout for notifications, the claims of a
 * Kubernetes id) has a deadline and waits its turn among at most `maxConcurrentRequests` calls in
 * flight, so that a catalog that does not answer costs a clear 503 naming the catalog, not a hung
 * request, and a fan-out (an inbox page, a burst of notifications) cannot flood it.
 *
 * The deadline covers the wait for a turn and the call. The catalog client takes no abort signal,
 * so a call past its deadline cannot be cancelled: it gives its turn back at the deadline (the
 * catalog's answer, should it come, is dropped), so that a catalog that stalls and then recovers
 * answers again at once rather than after every stalled call has failed on its own.
 */
export class BoundedCatalogService implements CatalogService {
  private readonly catalog: CatalogService;
  private readonly requestTimeoutMs: number;
  private readonly limit: pLimit.Limit;

  constructor(options: {
    catalog: CatalogService;
    requestTimeoutMs?: number;
    maxConcurrentRequests?: number;
  }) {
    this.catalog = options.catalog;
    this.requestTimeoutMs =
      options.requestTimeoutMs ?? DEFAULT_CATALOG_REQUEST_TIMEOUT_MS;
    this.limit = pLimit(
      options.maxConcurrentRequests ?? DEFAULT_CATALOG_MAX_CONCURRENT_REQUESTS,
    );
  }

  /** How many calls are in flight and how many wait for a turn. */
  get load(): { active: number; pending: number } {
    return { active: this.limit.activeCount, pending: this.limit.pendingCount };
  }

  /** One call, within the deadline, in its turn. */
  private call<T>(what: string, send: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new ServiceUnavailableError(
            `The catalog did not answer (${what}) within ${
              this.requestTimeoutMs / 1000
            } s; try again later`,
          ),
        );
      }, this.requestTimeoutMs);
    });
    // A turn ends with the answer or at the deadline, whichever comes first: the calls ahead of
    // this one started earlier, so they give their turns back before its deadline passes.
    const turn = this.limit(() => Promise.race([send(), deadline]));
    return Promise.race([turn, deadline]).finally(() => clearTimeout(timer));
  }

  getEntities(
    request: Parameters<CatalogService['getEntities']>[0],
    options: Options,
  ) {
    return this.call('getEntities', () =>
      this.catalog.getEntities(request, options),
    );
  }

  getEntitiesByRefs(
    request: Parameters<CatalogService['getEntitiesByRefs']>[0],
    options: Options,
  ) {
    return this.call('getEntitiesByRefs', () =>
      this.catalog.getEntitiesByRefs(request, options),
    );
  }

  queryEntities(
    request: Parameters<CatalogService['queryEntities']>[0],
    options: Options,
  ) {
    return this.call('queryEntities', () =>
      this.catalog.queryEntities(request, options),
    );
  }

  getEntityAncestors(
    request: Parameters<CatalogService['getEntityAncestors']>[0],
    options: Options,
  ) {
    return this.call('getEntityAncestors', () =>
      this.catalog.getEntityAncestors(request, options),
    );
  }

  getEntityByRef(entityRef: string | CompoundEntityRef, options: Options) {
    return this.call('getEntityByRef', () =>
      this.catalog.getEntityByRef(entityRef, options),
    );
  }

  removeEntityByUid(uid: string, options: Options) {
    return this.call('removeEntityByUid', () =>
      this.catalog.removeEntityByUid(uid, options),
    );
  }

  refreshEntity(entityRef: string, options: Options) {
    return this.call('refreshEntity', () =>
      this.catalog.refreshEntity(entityRef, options),
    );
  }

  getEntityFacets(
    request: Parameters<CatalogService['getEntityFacets']>[0],
    options: Options,
  ) {
    return this.call('getEntityFacets', () =>
      this.catalog.getEntityFacets(request, options),
    );
  }

  getLocations(request: {} | undefined, options: Options) {
    return this.call('getLocations', () =>
      this.catalog.getLocations(request, options),
    );
  }

  queryLocations(
    request: Parameters<CatalogService['queryLocations']>[0],
    options: Options,
  ) {
    return this.call('queryLocations', () =>
      this.catalog.queryLocations(request, options),
    );
  }

  getLocationById(id: string, options: Options) {
    return this.call('getLocationById', () =>
      this.catalog.getLocationById(id, options),
    );
  }

  getLocationByRef(locationRef: string, options: Options) {
    return this.call('getLocationByRef', () =>
      this.catalog.getLocationByRef(locationRef, options),
    );
  }

  addLocation(
    location: Parameters<CatalogService['addLocation']>[0],
    options: Options,
  ) {
    return this.call('addLocation', () =>
      this.catalog.addLocation(location, options),
    );
  }

  removeLocationById(id: string, options: Options) {
    return this.call('removeLocationById', () =>
      this.catalog.removeLocationById(id, options),
    );
  }

  updateLocation(
    id: string,
    location: Parameters<CatalogService['updateLocation']>[1],
    options: Options,
  ) {
    return this.call('updateLocation', () =>
      this.catalog.updateLocation(id, location, options),
    );
  }

  getLocationByEntity(entityRef: string | CompoundEntityRef, options: Options) {
    return this.call('getLocationByEntity', () =>
      this.catalog.getLocationByEntity(entityRef, options),
    );
  }

  validateEntity(entity: Entity, locationRef: string, options: Options) {
    return this.call('validateEntity', () =>
      this.catalog.validateEntity(entity, locationRef, options),
    );
  }

  analyzeLocation(
    location: Parameters<CatalogService['analyzeLocation']>[0],
    options: Options,
  ) {
    return this.call('analyzeLocation', () =>
      this.catalog.analyzeLocation(location, options),
    );
  }

  // The streams page through the catalog for as long as their reader wants: no single deadline
  // fits them. The Canary backend does not use them.
  streamLocations(
    request: Parameters<CatalogService['streamLocations']>[0],
    options: Options,
  ) {
    return this.catalog.streamLocations(request, options);
  }

  streamEntities(
    request: Parameters<CatalogService['streamEntities']>[0],
    options: Options,
  ) {
    return this.catalog.streamEntities(request, options);
  }
}
