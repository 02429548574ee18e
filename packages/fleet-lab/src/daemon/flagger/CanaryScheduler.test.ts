import { Registry } from 'prom-client';
import { FakeApi } from '../../testing/FakeApi';
import { restingMember } from '../../testing/restingMember';
import { RouteTable } from '../RouteTable';
import { CachedReads, CanaryScheduler } from './CanaryScheduler';
import { EventRecorder } from './EventRecorder';
import { FlaggerMetrics } from './FlaggerMetrics';

const NS = 'scale';
const CANARY_PATH = `/apis/flagger.app/v1beta1/namespaces/${NS}/canaries/podinfo-001`;
const DEPLOYMENTS = `/apis/apps/v1/namespaces/${NS}/deployments`;
const SERVICES = `/api/v1/namespaces/${NS}/services`;

/** Reads served from the fake API's objects without recording a request (a synced cache). */
function cacheOf(api: FakeApi): CachedReads {
  return {
    canary: (ns, name) =>
      api.objects.get(
        `/apis/flagger.app/v1beta1/namespaces/${ns}/canaries/${name}`,
      ),
    deployment: (ns, name) =>
      api.objects.get(`/apis/apps/v1/namespaces/${ns}/deployments/${name}`),
    service: (ns, name) =>
      api.objects.get(`/api/v1/namespaces/${ns}/services/${name}`),
  };
}

function scheduler(api: FakeApi, reader?: CachedReads) {
  return new CanaryScheduler({
    cluster: 'kurator-member3',
    client: api,
    routes: new RouteTable(),
    events: new EventRecorder(api, () => {}),
    metrics: new FlaggerMetrics(new Registry(), 'istio'),
    timeScale: 1,
    meshProvider: 'istio',
    post: async () => ({ status: 200, body: '' }),
    query: async () => 1,
    log: () => {},
    reader,
  });
}

describe('CanaryScheduler reads', () => {
  it('without a cache, a resting canary costs a GET of the canary, its deployments and services per tick', async () => {
    const api = restingMember();
    await scheduler(api).advance('podinfo-001', NS);
    expect(api.requests).toEqual([
      `GET ${CANARY_PATH}`,
      `GET ${DEPLOYMENTS}/podinfo-001`,
      `GET ${SERVICES}/podinfo-001-canary`,
      `GET ${SERVICES}/podinfo-001-primary`,
      `GET ${SERVICES}/podinfo-001`,
      `GET ${DEPLOYMENTS}/podinfo-001`,
      `GET ${DEPLOYMENTS}/podinfo-001-primary`,
      `GET ${DEPLOYMENTS}/podinfo-001`,
    ]);
  });

  it('with a cache, a resting canary whose spec did not change costs no request', async () => {
    const api = restingMember();
    const s = scheduler(api, cacheOf(api));
    await s.advance('podinfo-001', NS);
    await s.advance('podinfo-001', NS);
    expect(api.requests).toEqual([]);
  });

  it('with a cache, a changed target starts a run from cached reads', async () => {
    const api = restingMember();
    const target = api.objects.get(`${DEPLOYMENTS}/podinfo-001`)!;
    api.put({
      ...target,
      spec: {
        ...target.spec,
        template: {
          ...target.spec.template,
          spec: { containers: [{ name: 'c', image: 'podinfo:6.0.1' }] },
        },
      },
    });
    await scheduler(api, cacheOf(api)).advance('podinfo-001', NS);
    // no GET: the new revision's event, the scale-up and the status write
    expect(api.requests.filter(r => r.startsWith('GET '))).toEqual([
      // the event recorder's first look at the canary's existing events
      `GET /api/v1/namespaces/${NS}/events`,
    ]);
    expect(api.objects.get(CANARY_PATH)!.status.phase).toBe('Progressing');
  });

  it('reads a canary from the API when the cache holds a version older than its own write', async () => {
    const api = restingMember();
    const stale = structuredClone(api.objects.get(CANARY_PATH)!);
    stale.status = undefined;
    const reader: CachedReads = { ...cacheOf(api), canary: () => stale };
    const s = scheduler(api, reader);
    // a new canary: Initializing is written without reading the canary first
    await s.ensureInitializing(structuredClone(stale));
    expect(api.requests).toEqual([`PUT ${CANARY_PATH}/status`]);
    api.requests.length = 0;
    // the watch has not delivered the write yet: the tick reads the canary from the API
    await s.advance('podinfo-001', NS);
    expect(api.requests[0]).toBe(`GET ${CANARY_PATH}`);
  });

  it('with a cache, a conflicting status write reads the canary again and retries', async () => {
    const api = restingMember();
    const s = scheduler(api, cacheOf(api));
    const copy = structuredClone(api.objects.get(CANARY_PATH)!);
    copy.status = undefined;
    // someone else wrote the canary since the copy was taken
    api.put(api.objects.get(CANARY_PATH)!);
    await s.ensureInitializing(copy);
    expect(api.requests).toEqual([
      `PUT ${CANARY_PATH}/status`,
      `GET ${CANARY_PATH}`,
      `PUT ${CANARY_PATH}/status`,
    ]);
    // the fresh canary has conditions: its status stays as it was
    expect(api.objects.get(CANARY_PATH)!.status.phase).toBe('Succeeded');
  });
});
