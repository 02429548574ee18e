import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { canaryPermissions } from '@backstage-canary/plugin-canary-common';

const KEY = 'canary.access.services';

/**
 * Which service principals (other plugins, external callers with static or JWKS tokens, MCP
 * clients) may use which `canary.*` permissions, from `canary.access.services`. Backstage's
 * permission framework allows every service principal everything, so the Canary backend decides
 * for them itself: a service is refused unless it is listed here for that permission. Users are
 * decided by the permission policy, as always.
 */
export class ServicePrincipalAccess {
  private constructor(private readonly allowed: Map<string, Set<string>>) {}

  /** Reads `canary.access.services`; an unknown permission name is refused, naming the allowed ones. */
  static fromConfig(config: Config): ServicePrincipalAccess {
    const known = new Set(canaryPermissions.map(p => p.name));
    const allowed = new Map<string, Set<string>>();
    const entries = config.getOptionalConfigArray(KEY) ?? [];
    entries.forEach((entry, index) => {
      const subject = entry.getString('subject').trim();
      const permissions = entry.getStringArray('permissions');
      for (const permission of permissions) {
        if (!known.has(permission)) {
          throw new InputError(
            `${KEY}[${index}].permissions names unknown permission ${permission}; allowed: ${[
              ...known,
            ].join(', ')}`,
          );
        }
      }
      allowed.set(
        subject,
        new Set([...(allowed.get(subject) ?? []), ...permissions]),
      );
    });
    return new ServicePrincipalAccess(allowed);
  }

  /** Access for tests: subjects to the permission names they hold. */
  static fromMap(map: Record<string, string[]>): ServicePrincipalAccess {
    return new ServicePrincipalAccess(
      new Map(Object.entries(map).map(([k, v]) => [k, new Set(v)])),
    );
  }

  /** Whether a service principal holds a canary permission. */
  allows(subject: string, permission: string): boolean {
    return this.allowed.get(subject)?.has(permission) ?? false;
  }

  /** Why a service principal was refused, naming the key that would allow it. */
  refusal(subject: string, permission: string): string {
    return `Service principal ${subject} is not allowed ${permission}: list it with that permission under ${KEY}`;
  }
}
