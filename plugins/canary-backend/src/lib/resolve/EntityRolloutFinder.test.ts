import { loadYamlDocuments } from '@backstage-canary/conformance';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { KubernetesProxyGateway } from '../cluster/KubernetesProxyGateway';
import { EntityRolloutFinder } from './EntityRolloutFinder';
import { RolloutBinder } from './RolloutBinder';

// The seed Application and Fleet of the upstream reference.
const [application] = loadYamlDocuments(
  'kurator/examples/rollout/canary.yaml',
) as any[];
const [fleet] = loadYamlDocuments(
  'kurator/examples/fleet/rollout-plugin-fleet.yaml',
) as any[];

const server = setupServer();
registerMswTestHooks(server);
const base = 'http://backstage.test/api/kubernetes';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'rollout-demo', annotations },
});

const finder = (
  config = {},
  recorded?: ConstructorParameters<typeof EntityRolloutFinder>[0]['recorded'],
) => {
  const gateway = new KubernetesProxyGateway({
    auth: mockServices.auth(),
    discovery: mockServices.discovery.mock({ getBaseUrl: async () => base }),
  });
  return new EntityRolloutFinder({
    gateway,
    config: { clusterNames: {}, ...config },
    // The catalog: podinfo alone claims its kubernetes-id.
    binder: new RolloutBinder({
      gateway,
      claims: {
        claimants: async id =>
          id === 'podinfo' ? ['component:default/podinfo'] : [],
      },
    }),
    recorded,
  });
};

const renderedCanary = {
  apiVersion: 'flagger.app/v1beta1',
  kind: 'Canary',
  metadata: {
    name: 'backend',
    namespace: 'webapp',
    annotations: { 'kurator.dev/rollout': 'rollout-demo-0' },
  },
  spec: { targetRef: { kind: 'Deployment', name: 'backend' } },
  status: { phase: 'Succeeded' },
};

function serveFleet(member2: 'forbidden' | 'missing') {
  server.use(
    http.get(`${base}/proxy/*`, ({ request }) => {
      const cluster = request.headers.get('backstage-kubernetes-cluster');
      const url = new URL(request.url);
      const route = `${cluster} ${url.pathname.replace(
        `${new URL(base).pathname}/proxy`,
        '',
      )}`;
      switch (route) {
        case 'host /apis/apps.kurator.dev/v1alpha1/namespaces/default/applications/rollout-demo':
          return HttpResponse.json(application);
        case 'host /apis/fleet.kurator.dev/v1alpha1/namespaces/default/fleets/quickstart':
          return HttpResponse.json(fleet);
        case 'kurator-member1 /apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend':
          return HttpResponse.json(renderedCanary);
        case 'prod-eu-2 /apis/flagger.app/v1beta1/namespaces/webapp/canaries/backend':
          return member2 === 'forbidden'
            ? HttpResponse.json(
                {
                  kind: 'Status',
                  code: 403,
                  message: 'canaries.flagger.app "backend" is forbidden',
                },
                { status: 403 },
              )
            : HttpResponse.json({ kind: 'Status', code: 404 }, { status: 404 });
        default:
          return HttpResponse.json(
            { kind: 'Status', code: 404, message: `no route ${route}` },
            { status: 404 },
          );
      }
    }),
  );
}

describe('EntityRolloutFinder', () => {
  it('follows the Kurator Application to its fleet and the canary each member renders', async () => {
    serveFleet('forbidden');
    const found = await finder({
      clusterNames: { 'kurator-member2': 'prod-eu-2' },
    }).find(
      entity({
        'backstage-canary.io/kurator-application': 'default/rollout-demo',
        'backstage-canary.io/host-cluster': 'host',
      }),
    );
    expect(found.errors).toEqual([]);
    expect(
      found.rollouts.map(r => [r.cluster, r.namespace, r.name, r.source]),
    ).toEqual([
      ['kurator-member1', 'webapp', 'backend', 'kurator'],
      ['prod-eu-2', 'webapp', 'backend', 'kurator'],
    ]);
    const [member1, member2] = found.rollouts;
    expect(member1.canary?.status?.phase).toBe('Succeeded');
    expect(member1.kurator).toMatchObject({
      hostCluster: 'host',
      application: { namespace: 'default', name: 'rollout-demo' },
      fleet: 'quickstart',
      kuratorCluster: 'kurator-member1',
      policyIndex: 0,
    });
    // A member that refuses the read is an error of that member only.
    expect(member2.canary).toBeUndefined();
    expect(member2.error).toEqual({
      cluster: 'prod-eu-2',
      name: 'NotAllowedError',
      message: 'Cluster prod-eu-2: canaries.flagger.app "backend" is forbidden',
    });
  });

  it('reports a member whose canary Kurator has not rendered yet as not found, without an error', async () => {
    serveFleet('missing');
    const found = await finder({
      clusterNames: { 'kurator-member2': 'prod-eu-2' },
    }).find(
      entity({
        'backstage-canary.io/kurator-application': 'default/rollout-demo',
        'backstage-canary.io/host-cluster': 'host',
      }),
    );
    const member2 = found.rollouts.find(r => r.cluster === 'prod-eu-2');
    expect(member2).toMatchObject({ name: 'backend' });
    expect(member2?.canary).toBeUndefined();
    expect(member2?.error).toBeUndefined();
  });

  it('uses the configured host cluster when the entity does not name one', async () => {
    serveFleet('missing');
    const found = await finder({ hostCluster: 'host' }).find(
      entity({
        'backstage-canary.io/kurator-application': 'default/rollout-demo',
      }),
    );
    expect(found.rollouts.map(r => r.cluster)).toEqual([
      'kurator-member1',
      'kurator-member2',
    ]);
  });

  it('asks for a host cluster when neither the entity nor the config names one', async () => {
    await expect(
      finder().find(
        entity({
          'backstage-canary.io/kurator-application': 'default/rollout-demo',
        }),
      ),
    ).rejects.toThrow(
      'Kurator Application default/rollout-demo needs a host cluster: add the annotation backstage-canary.io/host-cluster or configure canary.hostCluster',
    );
  });

  it('says which Application is missing from which host cluster', async () => {
    serveFleet('missing');
    await expect(
      finder().find(
        entity({
          'backstage-canary.io/kurator-application': 'default/nope',
          'backstage-canary.io/host-cluster': 'host',
        }),
      ),
    ).rejects.toThrow(
      'Kurator Application default/nope was not found in host cluster host',
    );
  });

  it('turns an unreachable host cluster into a per-cluster error', async () => {
    server.use(http.get(`${base}/proxy/*`, () => HttpResponse.error()));
    const found = await finder().find(
      entity({
        'backstage-canary.io/kurator-application': 'default/rollout-demo',
        'backstage-canary.io/host-cluster': 'host',
      }),
    );
    expect(found.rollouts).toEqual([]);
    expect(found.errors).toEqual([
      expect.objectContaining({
        cluster: 'host',
        name: 'ServiceUnavailableError',
      }),
    ]);
  });

  it('finds a native canary by annotation on every cluster that has it', async () => {
    server.use(
      http.get(`${base}/clusters`, () =>
        HttpResponse.json({ items: [{ name: 'a' }, { name: 'b' }] }),
      ),
      http.get(
        `${base}/proxy/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout`,
        ({ request }) =>
          request.headers.get('backstage-kubernetes-cluster') === 'a'
            ? HttpResponse.json({
                metadata: { name: 'checkout', namespace: 'shop' },
                spec: {},
              })
            : HttpResponse.json({ kind: 'Status', code: 404 }, { status: 404 }),
      ),
    );
    const found = await finder().find(
      entity({ 'backstage-canary.io/canary': 'shop/checkout' }),
    );
    expect(found.rollouts.map(r => [r.cluster, r.source])).toEqual([
      ['a', 'annotation'],
    ]);
    expect(found.errors).toEqual([]);
  });

  describe('a cluster that cannot be read', () => {
    const recordedCanary = (
      name: string,
      metadata: { annotations?: any; labels?: any },
    ) =>
      ({
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: { name, namespace: 'test', ...metadata },
        spec: { targetRef: { kind: 'Deployment', name } },
        status: { phase: 'Succeeded' },
      } as any);
    // The history of cluster b: podinfo (labelled), checkout (named by its entity), another's canary.
    const history = {
      canariesOn: jest.fn(async (cluster: string) =>
        cluster === 'b'
          ? [
              recordedCanary('podinfo', {
                labels: { 'backstage.io/kubernetes-id': 'podinfo' },
              }),
              recordedCanary('checkout', {
                annotations: {
                  'backstage-canary.io/entity-ref':
                    'component:default/rollout-demo',
                },
              }),
              recordedCanary('other', {
                labels: { 'backstage.io/kubernetes-id': 'other' },
              }),
            ]
          : [],
      ),
    };
    const serveDownCluster = () =>
      server.use(
        http.get(`${base}/clusters`, () =>
          HttpResponse.json({ items: [{ name: 'a' }, { name: 'b' }] }),
        ),
        http.get(`${base}/proxy/*`, ({ request }) =>
          request.headers.get('backstage-kubernetes-cluster') === 'b'
            ? HttpResponse.error()
            : // Cluster a has no canaries of these entities.
              HttpResponse.json({ kind: 'Status', code: 404 }, { status: 404 }),
        ),
      );

    it("keeps the lane of each native canary recorded there, with the cluster's problem", async () => {
      serveDownCluster();
      const labelled = await finder({}, history).find({
        ...entity({}),
        metadata: {
          name: 'podinfo',
          annotations: { 'backstage.io/kubernetes-id': 'podinfo' },
        },
      });
      expect(labelled.errors).toEqual([]);
      expect(labelled.rollouts).toEqual([
        expect.objectContaining({
          cluster: 'b',
          namespace: 'test',
          name: 'podinfo',
          source: 'label',
          error: expect.objectContaining({
            cluster: 'b',
            name: 'ServiceUnavailableError',
          }),
          // Bound by the recorded canary's own label, claimed by podinfo alone.
          binding: expect.objectContaining({ bound: true }),
        }),
      ]);

      const named = await finder({}, history).find(
        entity({ 'backstage-canary.io/canary': 'test/checkout' }),
      );
      expect(named.rollouts).toEqual([
        expect.objectContaining({
          cluster: 'b',
          name: 'checkout',
          source: 'annotation',
          binding: expect.objectContaining({ bound: true }),
        }),
      ]);
    });

    it('stays a cluster error when nothing of the entity was recorded there', async () => {
      serveDownCluster();
      const found = await finder({}, history).find(
        entity({ 'backstage-canary.io/canary': 'test/nothing' }),
      );
      expect(found.rollouts).toEqual([]);
      expect(found.errors).toEqual([expect.objectContaining({ cluster: 'b' })]);
    });
  });

  it('rejects a malformed annotation, naming it', async () => {
    await expect(
      finder().find(entity({ 'backstage-canary.io/canary': 'checkout' })),
    ).rejects.toThrow(
      /backstage-canary\.io\/canary must be "<namespace>\/<name>"/,
    );
  });
});
