import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { LRUCache } from 'lru-cache';

/** How long a granted read is remembered by default. */
export const DEFAULT_READ_GRANT_TTL_MS = 10_000;
/** How many granted reads are remembered at most; the least recently used go first. */
const MAX_GRANTS = 10_000;

type Load = () => Promise<Entity>;

/**
 * Whose grant a read is: the user (and the service acting for them) or the service itself. Grants
 * of any other principal are not kept.
 */
function holderOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
    actor?: { subject?: string };
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    const actor = principal.actor?.subject;
    return `user:${principal.userEntityRef}${actor ? ` via ${actor}` : ''}`;
  }
  if (principal.type === 'service' && principal.subject) {
    return `service:${principal.subject}`;
  }
  return undefined;
}

/**
 * The entities a caller was recently granted `canary.rollout.read` on, remembered for a short time
 * (10 s by default), as Kubernetes' own webhook authorizer remembers its decisions: an open tab
 * reads an entity's rollouts, runs, timeline and metrics again on every change, and each read would
 * otherwise ask the catalog and the permission backend the same two questions again.
 *
 * Only grants are kept: a refusal, an entity not found or a failed check is asked again on the next
 * read, so granting takes effect at once and revoking within the time to live. Changes (actions,
 * policies, gates) never come here: they are decided afresh on every call. Concurrent reads of the
 * same entity by the same caller share one lookup. A time to live of zero keeps nothing.
 */
export class ReadGrantCache {
  private readonly grants?: LRUCache<string, Entity, Load>;

  constructor(
    options: {
      ttlMs?: number;
      maxEntries?: number;
      /** The clock, in milliseconds; `performance.now` by default. */
      now?: () => number;
    } = {},
  ) {
    const ttl = options.ttlMs ?? DEFAULT_READ_GRANT_TTL_MS;
    if (ttl <= 0) return;
    this.grants = new LRUCache<string, Entity, Load>({
      max: options.maxEntries ?? MAX_GRANTS,
      ttl,
      // Staleness is checked on every read, on the clock given (if any).
      ttlResolution: 0,
      ...(options.now && { perf: { now: options.now } }),
      // A rejected lookup (refused, not found, failed) leaves nothing behind.
      fetchMethod: (_key, _stale, { context }) => context(),
    });
  }

  /**
   * The entity `load` grants to the caller, from memory when the same caller was granted the same
   * permission on the same ref within the time to live.
   */
  async granted(
    credentials: BackstageCredentials,
    permission: string,
    entityRef: string,
    load: Load,
  ): Promise<Entity> {
    const holder = holderOf(credentials);
    if (!this.grants || !holder) return load();
    const grant = await this.grants.fetch(
      `${holder}\n${permission}\n${entityRef}`,
      { context: load },
    );
    // A fetch method that resolves always yields its value; this only satisfies the types.
    return grant ?? load();
  }
}
