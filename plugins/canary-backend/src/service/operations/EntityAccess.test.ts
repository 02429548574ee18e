import { mockCredentials } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  canaryRolloutPromotePermission,
  canaryRolloutReadPermission,
} from '@backstage-canary/plugin-canary-common';
import { ReadGrantCache } from '../../lib/access/ReadGrantCache';
import { ServicePrincipalAccess } from '../../lib/config/ServicePrincipalAccess';
import type { EntityRolloutFinder } from '../../lib/resolve/EntityRolloutFinder';
import type { CanaryCaller } from './CanaryCaller';
import { CanaryEntityAccess } from './EntityAccess';

const shop: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default' },
  spec: { owner: 'team-a' },
};

const caller: CanaryCaller = {
  credentials: mockCredentials.user(),
  providerTokens: {},
  via: 'http',
};

/** A permission service allowing the refs in `allowed`, recording every ref it was asked about. */
function permissions(options: { allowed?: string[]; fails?: boolean } = {}) {
  const asked: string[] = [];
  const service = {
    asked,
    async authorize(requests: Array<{ resourceRef?: string }>) {
      asked.push(...requests.map(r => r.resourceRef ?? ''));
      if (options.fails) {
        throw new ServiceUnavailableError('permission backend is down');
      }
      return requests.map(r => ({
        result: options.allowed?.includes(r.resourceRef ?? '')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    },
  };
  return service as typeof service & PermissionsService;
}

const access = (permissionsService: PermissionsService) =>
  new CanaryEntityAccess({
    permissions: permissionsService,
    catalog: catalogServiceMock({ entities: [shop] }),
    finder: {} as EntityRolloutFinder,
  });

describe('CanaryEntityAccess.authorizedEntity', () => {
  it('returns the entity when the permission is granted on its ref', async () => {
    const granted = permissions({ allowed: ['component:default/shop'] });
    await expect(
      access(granted).authorizedEntity(
        caller,
        'component:default/shop',
        canaryRolloutReadPermission,
      ),
    ).resolves.toEqual(shop);
    expect(granted.asked).toEqual(['component:default/shop']);
  });

  it('refuses, naming the permission, when it is denied', async () => {
    await expect(
      access(permissions()).authorizedEntity(
        caller,
        'component:default/shop',
        canaryRolloutReadPermission,
      ),
    ).rejects.toThrow(
      'Permission canary.rollout.read is required for component:default/shop',
    );
  });

  it('checks the permission on the canonical ref, however the caller spelled it', async () => {
    const cased: Entity = {
      ...shop,
      metadata: { ...shop.metadata, name: 'Shop' },
    };
    const granted = permissions({ allowed: ['component:default/shop'] });
    await expect(
      new CanaryEntityAccess({
        permissions: granted,
        catalog: catalogServiceMock({ entities: [cased] }),
        finder: {} as EntityRolloutFinder,
      }).authorizedEntity(
        caller,
        { kind: 'COMPONENT', namespace: 'default', name: 'SHOP' },
        canaryRolloutReadPermission,
      ),
    ).resolves.toEqual(cased);
    expect(granted.asked).toEqual(['component:default/shop']);
  });

  it('answers an entity the catalog does not have as not found, even when the permission check fails', async () => {
    await expect(
      access(permissions({ fails: true })).authorizedEntity(
        caller,
        'component:default/nope',
        canaryRolloutReadPermission,
      ),
    ).rejects.toThrow(
      'Entity component:default/nope was not found in the catalog',
    );
  });

  it('passes a failing permission check on for an entity that exists', async () => {
    await expect(
      access(permissions({ fails: true })).authorizedEntity(
        caller,
        'component:default/shop',
        canaryRolloutReadPermission,
      ),
    ).rejects.toThrow('permission backend is down');
  });
});

describe('CanaryEntityAccess and remembered reads', () => {
  it('answers a read granted moments ago without asking again, but decides every change afresh', async () => {
    const granted = permissions({ allowed: ['component:default/shop'] });
    const entityAccess = access(granted);
    for (let i = 0; i < 3; i++) {
      await entityAccess.authorizedEntity(
        caller,
        'component:default/shop',
        canaryRolloutReadPermission,
      );
      await entityAccess.authorizedEntity(
        caller,
        'component:default/shop',
        canaryRolloutPromotePermission,
      );
    }
    // One read, three promotes.
    expect(granted.asked).toHaveLength(4);
  });

  it('still refuses a service principal that config does not allow, even after a granted read', async () => {
    const bot: CanaryCaller = {
      credentials: mockCredentials.service('plugin:other'),
      via: 'actions-registry',
    };
    const granted = permissions({ allowed: ['component:default/shop'] });
    const readGrants = new ReadGrantCache({ ttlMs: 10_000 });
    const withServices = (services: ServicePrincipalAccess) =>
      new CanaryEntityAccess({
        permissions: granted,
        catalog: catalogServiceMock({ entities: [shop] }),
        finder: {} as EntityRolloutFinder,
        services,
        readGrants,
      });
    await withServices(
      ServicePrincipalAccess.fromMap({
        'plugin:other': ['canary.rollout.read'],
      }),
    ).authorizedEntity(
      bot,
      'component:default/shop',
      canaryRolloutReadPermission,
    );
    await expect(
      withServices(ServicePrincipalAccess.fromMap({})).authorizedEntity(
        bot,
        'component:default/shop',
        canaryRolloutReadPermission,
      ),
    ).rejects.toThrow(NotAllowedError);
  });
});
