import { mockCredentials } from '@backstage/backend-test-utils';
import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import type {
  ClusterProblem,
  EntityRolloutsResponse,
  RolloutSummary,
} from '@backstage-canary/plugin-canary-common';
import { RolloutInbox } from './RolloutInbox';
import type { RolloutReader } from './RolloutReader';

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage-canary.io/canary': `test/${name}` },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

const rollout = (
  name: string,
  cluster: string,
  phase: string,
  extra: Partial<RolloutSummary> = {},
): RolloutSummary => ({
  cluster,
  namespace: 'test',
  name,
  source: 'annotation',
  found: true,
  binding: { bound: true } as RolloutSummary['binding'],
  state: {
    phase,
    label: phase,
    tone: phase === 'Failed' ? 'failure' : 'waiting',
  } as RolloutSummary['state'],
  ...extra,
});

const outage: ClusterProblem = {
  cluster: 'kurator-member2',
  name: 'ServiceUnavailableError',
  message: 'Cluster kurator-member2: HTTP 500',
};

/** The permission policy of the demo: only team-a's members act on team-a's entities. */
const ownersMayAct = (entities: Entity[]): PermissionsService =>
  ({
    authorize: async (requests: EvaluatePermissionRequest[]) =>
      requests.map(request => {
        if (request.permission.name === 'canary.rollout.read') {
          return { result: AuthorizeResult.ALLOW };
        }
        const entity = entities.find(
          e => stringifyEntityRef(e) === request.resourceRef,
        );
        return {
          result:
            entity?.spec?.owner === 'team-a'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
  } as unknown as PermissionsService);

const inboxOf = (
  entities: Entity[],
  rollouts: Record<string, Omit<EntityRolloutsResponse, 'entityRef'>>,
) =>
  new RolloutInbox({
    catalog: catalogServiceMock({ entities }),
    permissions: ownersMayAct(entities),
    reader: {
      listForEntity: async (entity: Entity) => ({
        entityRef: stringifyEntityRef(entity),
        ...rollouts[entity.metadata.name],
      }),
    } as unknown as RolloutReader,
  });

describe('RolloutInbox', () => {
  it('puts what the caller may approve or retry under needs-you, the rest under can-watch', async () => {
    const entities = [
      component('webapp', 'team-a'),
      component('payments', 'team-a'),
      component('checkout', 'team-shop'),
    ];
    const inbox = inboxOf(entities, {
      webapp: {
        items: [rollout('webapp', 'kurator-member1', 'WaitingPromotion')],
        errors: [],
        summary: '',
      },
      payments: {
        items: [rollout('payments', 'kurator-member2', 'Failed')],
        errors: [],
        summary: '',
      },
      checkout: {
        items: [
          rollout('checkout', 'kurator-member1', 'WaitingPromotion'),
          rollout('checkout', 'kurator-member2', 'Failed'),
        ],
        errors: [],
        summary: '',
      },
    });

    const { items } = await inbox.list({ credentials: mockCredentials.user() });

    expect(
      items.map(i => [i.entityRef, i.rollout.cluster, i.attention, i.group]),
    ).toEqual([
      ['component:default/checkout', 'kurator-member2', 'failed', 'can-watch'],
      ['component:default/payments', 'kurator-member2', 'failed', 'needs-you'],
      [
        'component:default/checkout',
        'kurator-member1',
        'waiting-for-approval',
        'can-watch',
      ],
      [
        'component:default/webapp',
        'kurator-member1',
        'waiting-for-approval',
        'needs-you',
      ],
    ]);
  });

  it('reports an unreachable member once per entity, however often each read mentions it', async () => {
    const names = ['a', 'b', 'c', 'd'];
    const entities = names.map(name => component(name, 'team-a'));
    const inbox = inboxOf(
      entities,
      Object.fromEntries(
        names.map(name => [
          name,
          {
            // The listing and the canary on that member both say it could not be read.
            items: [
              rollout(name, 'kurator-member2', 'Unknown', {
                found: false,
                state: undefined,
                error: outage,
              }),
            ],
            errors: [outage],
            summary: '',
          },
        ]),
      ),
    );

    const { errors, items } = await inbox.list({
      credentials: mockCredentials.user(),
    });

    expect(items).toEqual([]);
    expect(errors.map(e => [e.entityRef, e.cluster])).toEqual(
      names.map(name => [`component:default/${name}`, 'kurator-member2']),
    );
  });
});
