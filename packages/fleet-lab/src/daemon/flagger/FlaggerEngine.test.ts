import { Registry } from 'prom-client';
import { FakeApi } from '../../testing/FakeApi';
import { deployment, restingMember } from '../../testing/restingMember';
import { RouteTable } from '../RouteTable';
import { AdaptiveLimiter } from './AdaptiveLimiter';
import { FlaggerEngine } from './FlaggerEngine';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until(check: () => boolean) {
  for (let i = 0; i < 400 && !check(); i++) await sleep(5);
  expect(check()).toBe(true);
}

function engine(api: FakeApi, cache: boolean) {
  return new FlaggerEngine({
    cluster: 'kurator-member3',
    client: api,
    timeScale: 1,
    routes: new RouteTable(),
    registry: new Registry(),
    post: async () => ({ status: 200, body: '' }),
    query: async () => 1,
    log: () => {},
    pollMs: 20,
    cache,
    limiter: new AdaptiveLimiter({ min: 4, max: 32, slowMs: 2000 }),
  });
}

const LISTS = [
  'GET /apis/flagger.app/v1beta1/canaries',
  'GET /apis/apps/v1/deployments',
  'GET /api/v1/services',
];

describe('FlaggerEngine with watch-fed caches', () => {
  it('lists once, watches, and costs no request at rest', async () => {
    const api = restingMember();
    const e = engine(api, true);
    e.start();
    try {
      await until(() => e.summary().length === 1);
      await sleep(200); // ten resyncs
      expect(api.requests.filter(r => r.startsWith('GET')).sort()).toEqual(
        [...LISTS].sort(),
      );
      expect(api.requests.filter(r => r.startsWith('WATCH'))).toHaveLength(3);
      expect(e.summary()).toEqual([
        expect.objectContaining({ name: 'podinfo-001', phase: 'Succeeded' }),
      ]);
      expect(e.hasService('scale', 'podinfo-001-canary')).toBe(true);
      const [app] = e.trafficView();
      expect(app.target.deployment).toBe('podinfo-001');
      expect(app.primary?.deployment).toBe('podinfo-001-primary');
    } finally {
      e.stop();
    }
  });

  it('writes the status of a new deployment once, when the watch brings it', async () => {
    const api = restingMember();
    const e = engine(api, true);
    e.start();
    try {
      await until(() => e.summary().length === 1);
      const fresh = deployment('fresh', 'fresh');
      delete fresh.status;
      api.put(fresh);
      const statusWrite =
        'PUT /apis/apps/v1/namespaces/scale/deployments/fresh/status';
      await until(() => api.requests.includes(statusWrite));
      await sleep(100);
      expect(api.requests.filter(r => r === statusWrite)).toHaveLength(1);
      expect(
        api.find({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'scale',
          name: 'fresh',
        })?.status,
      ).toMatchObject({ availableReplicas: 1, observedGeneration: 1 });
    } finally {
      e.stop();
    }
  });

  it('without caches lists every poll (the demo lab)', async () => {
    const api = restingMember();
    const e = engine(api, false);
    e.start();
    try {
      await sleep(120);
      const lists = api.requests.filter(
        r => r === 'GET /apis/flagger.app/v1beta1/canaries',
      );
      expect(lists.length).toBeGreaterThan(2);
      expect(api.requests.some(r => r.startsWith('WATCH'))).toBe(false);
    } finally {
      e.stop();
    }
  });
});
