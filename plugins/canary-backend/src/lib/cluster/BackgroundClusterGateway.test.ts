import { mockServices } from '@backstage/backend-test-utils';
import { BackgroundClusterGateway } from './BackgroundClusterGateway';
import { ClustersIncludingSkipped } from './ClustersIncludingSkipped';
import type { ClusterGateway } from './ClusterGateway';
import type { ClusterAuthInfo } from './clientSideAuth';

function liveGateway(clusters: ClusterAuthInfo[]) {
  return {
    listClusterAuth: jest.fn(async () => clusters),
    listClusters: jest.fn(),
    get: jest.fn(async () => ({ ok: true })),
    list: jest.fn(),
    patch: jest.fn(),
    create: jest.fn(),
    watch: jest.fn(),
  } as unknown as ClusterGateway & {
    listClusterAuth: jest.Mock;
    get: jest.Mock;
  };
}

describe('BackgroundClusterGateway', () => {
  it('lists only the clusters the plugin can reach and names each skipped one once', async () => {
    const logger = mockServices.logger.mock();
    const live = liveGateway([
      { name: 'host', authProvider: 'serviceAccount' },
      { name: 'member1', authProvider: 'serviceAccount' },
      { name: 'member2', authProvider: 'oidc', oidcTokenProvider: 'lab' },
      { name: 'gke', authProvider: 'google' },
    ]);
    const gateway = new BackgroundClusterGateway({ live, logger });

    expect(await gateway.listClusters()).toEqual(['host', 'member1']);
    expect(await gateway.listClusters()).toEqual(['host', 'member1']);

    const messages = (logger.info as jest.Mock).mock.calls.map(c => c[0]);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toContain(
      'Cluster member2 is skipped by background work',
    );
    expect(messages[0]).toContain('auth provider oidc (lab) is client-side');
    expect(messages[1]).toContain('Cluster gke is skipped');
    expect(logger.warn).not.toHaveBeenCalled();
    expect(logger.error).not.toHaveBeenCalled();

    expect(gateway.skippedClusters()).toEqual(['member2', 'gke']);
    expect(gateway.skipReason('member2')).toContain(
      'oidc (lab) is client-side',
    );
    expect(gateway.skipReason('member1')).toBeUndefined();
  });

  it("lets users' requests list the skipped clusters too", async () => {
    const live = liveGateway([
      { name: 'member1', authProvider: 'serviceAccount' },
      { name: 'member2', authProvider: 'oidc', oidcTokenProvider: 'lab' },
    ]);
    const background = new BackgroundClusterGateway({
      live,
      logger: mockServices.logger.mock(),
    });
    // What the fleet state watches: the clusters background work reaches.
    const watched = {
      ...live,
      listClusters: async () => background.listClusters(),
    } as unknown as ClusterGateway;
    const forUsers = new ClustersIncludingSkipped({
      gateway: watched,
      skipped: () => background.skippedClusters(),
    });
    expect(await forUsers.listClusters()).toEqual(['member1', 'member2']);
  });

  it('passes every other call to the live gateway', async () => {
    const live = liveGateway([]);
    const gateway = new BackgroundClusterGateway({
      live,
      logger: mockServices.logger.mock(),
    });
    const context = { providerTokens: { 'oidc-lab': 'token' } };
    expect(
      await gateway.get('member2', '/api/v1/namespaces/x', context),
    ).toEqual({ ok: true });
    expect(live.get).toHaveBeenCalledWith(
      'member2',
      '/api/v1/namespaces/x',
      context,
    );
  });
});
