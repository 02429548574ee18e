import { KubeClient, KubeObject } from '../../lib/KubeClient';
import { EventRecorder } from './EventRecorder';

/** Records requests; lists of events answer with `events`. */
class FakeApi extends KubeClient {
  readonly requests: string[] = [];

  constructor(private readonly events: unknown[]) {
    super({ server: 'https://127.0.0.1:9', caPem: '', token: 'test' });
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { query?: Record<string, unknown>; body?: unknown } = {},
  ): Promise<T> {
    const selector = options.query?.fieldSelector;
    this.requests.push(
      `${method} ${path}${selector ? `?fieldSelector=${selector}` : ''}`,
    );
    if (method === 'GET') return { items: this.events, metadata: {} } as T;
    return (options.body ?? {}) as T;
  }
}

function canary(name: string, uid: string): KubeObject {
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name, namespace: 'scale', uid },
  };
}

const existing = [
  {
    metadata: { name: 'podinfo-001.aaaa' },
    involvedObject: { kind: 'Canary', uid: 'uid-1' },
    reason: 'Synced',
    source: { component: 'flagger' },
    type: 'Normal',
    message: 'Initialization done! podinfo-001.scale',
    count: 3,
  },
];

describe('EventRecorder', () => {
  it('lists the existing events of each canary once', async () => {
    const api = new FakeApi(existing);
    const recorder = new EventRecorder(api, () => {});
    await recorder.record(
      canary('podinfo-001', 'uid-1'),
      'Normal',
      'Initialization done! podinfo-001.scale',
    );
    await recorder.record(canary('podinfo-002', 'uid-2'), 'Normal', 'x');
    expect(api.requests).toEqual([
      'GET /api/v1/namespaces/scale/events?fieldSelector=involvedObject.uid=uid-1',
      'PATCH /api/v1/namespaces/scale/events/podinfo-001.aaaa',
      'GET /api/v1/namespaces/scale/events?fieldSelector=involvedObject.uid=uid-2',
      'POST /api/v1/namespaces/scale/events',
    ]);
  });

  it('byNamespace: lists a namespace once for all its canaries and still aggregates repeats', async () => {
    const api = new FakeApi(existing);
    const recorder = new EventRecorder(api, () => {}, { byNamespace: true });
    await Promise.all([
      recorder.record(
        canary('podinfo-001', 'uid-1'),
        'Normal',
        'Initialization done! podinfo-001.scale',
      ),
      recorder.record(canary('podinfo-002', 'uid-2'), 'Normal', 'x'),
    ]);
    await recorder.record(canary('podinfo-003', 'uid-3'), 'Normal', 'y');
    expect(api.requests.filter(r => r.startsWith('GET'))).toEqual([
      'GET /api/v1/namespaces/scale/events',
    ]);
    expect(api.requests).toContain(
      'PATCH /api/v1/namespaces/scale/events/podinfo-001.aaaa',
    );
    expect(api.requests.filter(r => r.startsWith('POST'))).toHaveLength(2);
  });
});
