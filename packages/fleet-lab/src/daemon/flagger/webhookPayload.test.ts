import { flaggerCanaryChecksum } from '@backstage-canary/plugin-canary-common';
import { CanaryScheduler, type SchedulerDeps } from './CanaryScheduler';

// The payload the lab's Flagger posts to webhooks must be the one real Flagger posts (webhook.go
// CallWebhook): gates served by the Canary backend match approvals by its checksum.
describe('CanaryScheduler webhook payload', () => {
  it('posts name, namespace, phase, Flagger checksum and the metadata', async () => {
    const posted: Array<{ url: string; body: any }> = [];
    const scheduler = new CanaryScheduler({
      post: async (url: string, _namespace: string, body: string) => {
        posted.push({ url, body: JSON.parse(body) });
        return { status: 200, body: 'OK' };
      },
    } as unknown as SchedulerDeps);
    const status = { lastAppliedSpec: '784d6db95d', trackedConfigs: {} };
    await scheduler.callWebhook(
      {
        apiVersion: 'flagger.app/v1beta1',
        kind: 'Canary',
        metadata: { name: 'podinfo', namespace: 'test' },
        spec: {},
        status,
      } as any,
      'Progressing',
      {
        name: 'gate',
        type: 'confirm-promotion',
        url: 'http://localhost:7007/api/canary/gates/m1/confirm-promotion',
        metadata: { token: 't' },
      },
    );
    expect(posted).toEqual([
      {
        url: 'http://localhost:7007/api/canary/gates/m1/confirm-promotion',
        body: {
          name: 'podinfo',
          namespace: 'test',
          phase: 'Progressing',
          checksum: flaggerCanaryChecksum(status),
          metadata: { token: 't' },
        },
      },
    ]);
    // Real Flagger's value for this status (Go hash/fnv over go-spew's text of the struct).
    expect(posted[0].body.checksum).toBe('7959d7fc6c');
  });
});
