import type { Entity } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import type { ClusterGateway } from '../cluster/ClusterGateway';
import { RolloutBinder } from './RolloutBinder';

const podinfo: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'podinfo',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'podinfo' },
  },
};

/** Namespaces by `<cluster>/<name>`; a missing one is not found, `'down'` fails. */
function binder(
  namespaces: Record<string, object | 'down'>,
  claims: Record<string, string[]> = {},
) {
  const gateway = {
    get: async (cluster: string, path: string) => {
      const name = path.replace('/api/v1/namespaces/', '');
      const found = namespaces[`${cluster}/${name}`];
      if (found === 'down') throw new ServiceUnavailableError('unreachable');
      if (!found) throw new NotFoundError(`${path} not found`);
      return found;
    },
  } as unknown as ClusterGateway;
  return new RolloutBinder({
    gateway,
    claims: { claimants: async id => claims[id] ?? [] },
  }).forEntity(podinfo);
}

const canary = (metadata: object) => ({
  cluster: 'member1',
  kind: 'Canary',
  object: { metadata: { name: 'podinfo', namespace: 'test', ...metadata } },
});

describe('RolloutBinder', () => {
  it('binds an object that names the entity, in any case and among others', async () => {
    const binding = await binder({}).bind(
      canary({
        annotations: {
          'backstage-canary.io/entity-ref':
            'component:default/other, Component:default/PodInfo',
        },
      }),
    );
    expect(binding).toEqual({
      bound: true,
      proof:
        'Canary test/podinfo on cluster member1 names component:default/podinfo (backstage-canary.io/entity-ref)',
    });
  });

  it('does not bind an object that names only other entities, whatever its labels', async () => {
    const binding = await binder(
      {
        'member1/test': {
          metadata: {
            annotations: {
              'backstage-canary.io/entity-ref': 'component:default/podinfo',
            },
          },
        },
      },
      { podinfo: ['component:default/podinfo'] },
    ).bind(
      canary({
        labels: { 'backstage.io/kubernetes-id': 'podinfo' },
        annotations: {
          'backstage-canary.io/entity-ref': 'component:default/checkout',
        },
      }),
    );
    expect(binding).toEqual({
      bound: false,
      reason: expect.stringContaining(
        'names other entities in backstage-canary.io/entity-ref (component:default/checkout)',
      ),
    });
  });

  it('binds by the kubernetes-id label only while the entity alone claims the id', async () => {
    const labelled = canary({
      labels: { 'backstage.io/kubernetes-id': 'podinfo' },
    });
    expect(
      await binder({}, { podinfo: ['component:default/podinfo'] }).bind(
        labelled,
      ),
    ).toMatchObject({ bound: true });
    expect(
      await binder(
        {},
        {
          podinfo: ['component:default/podinfo', 'component:default/copycat'],
        },
      ).bind(labelled),
    ).toEqual({
      bound: false,
      reason: expect.stringContaining(
        'backstage.io/kubernetes-id podinfo is also claimed by component:default/copycat',
      ),
    });
  });

  it("falls back to the namespace, but not past another entity's label", async () => {
    const namespaces = {
      'member1/test': {
        metadata: {
          name: 'test',
          annotations: {
            'backstage-canary.io/entity-ref': 'component:default/podinfo',
          },
        },
      },
    };
    expect(await binder(namespaces).bind(canary({}))).toEqual({
      bound: true,
      proof:
        'namespace test on cluster member1 names component:default/podinfo (backstage-canary.io/entity-ref)',
    });
    expect(
      await binder(namespaces, {
        checkout: ['component:default/checkout'],
      }).bind(canary({ labels: { 'backstage.io/kubernetes-id': 'checkout' } })),
    ).toEqual({
      bound: false,
      reason: expect.stringContaining(
        'carries backstage.io/kubernetes-id=checkout, claimed by component:default/checkout',
      ),
    });
  });

  it('says what to add where when nothing proves it, and fails closed when the namespace cannot be read', async () => {
    expect(
      await binder({ 'member1/test': { metadata: { name: 'test' } } }).bind(
        canary({}),
      ),
    ).toEqual({
      bound: false,
      reason:
        'Not bound: add the annotation backstage-canary.io/entity-ref: component:default/podinfo to Canary test/podinfo on cluster member1 or to its namespace test',
    });
    expect(await binder({ 'member1/test': 'down' }).bind(canary({}))).toEqual({
      bound: false,
      reason: expect.stringContaining(
        'its namespace could not be read (unreachable)',
      ),
    });
  });
});
