import { startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { canaryPlugin } from './plugin';

describe('canaryPlugin', () => {
  it('answers its health check without credentials', async () => {
    const { server } = await startTestBackend({ features: [canaryPlugin] });
    const response = await request(server).get('/api/canary/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('registers every canary permission with the permission framework', async () => {
    const { server } = await startTestBackend({ features: [canaryPlugin] });
    const response = await request(server).get(
      '/api/canary/.well-known/backstage/permissions/metadata',
    );
    expect(response.status).toBe(200);
    const names = response.body.permissions.map(
      (p: { name: string }) => p.name,
    );
    expect(names.sort()).toEqual([
      'canary.policy.create',
      'canary.rollout.abort',
      'canary.rollout.approve',
      'canary.rollout.pause',
      'canary.rollout.promote',
      'canary.rollout.read',
      'canary.rollout.retry',
    ]);
    expect(
      response.body.permissions.every(
        (p: { resourceType: string }) => p.resourceType === 'catalog-entity',
      ),
    ).toBe(true);
  });
});
