import {
  CLUSTER_LIST_TTL_MS,
  SERVER_SIDE_AUTH_PROVIDERS,
  clusterProviderTokens,
  providerTokenSource,
} from './clusterProviderTokens';
import type { KubernetesClusterAuth } from './kubernetesApis';

/** An auth providers API answering `token-<provider>`, as the Kubernetes plugin's would. */
const credentialsApi = (
  answers: Record<string, () => Promise<{ token?: string }>> = {},
) => ({
  getCredentials: jest.fn(async (provider: string) =>
    answers[provider] ? answers[provider]() : { token: `token-${provider}` },
  ),
});

describe('clusterProviderTokens', () => {
  it('asks each client-side provider once and keys its token as the Kubernetes plugin names the header', async () => {
    const api = credentialsApi();
    const tokens = await clusterProviderTokens(
      [
        { name: 'a', authProvider: 'oidc', oidcTokenProvider: 'okta' },
        { name: 'b', authProvider: 'oidc', oidcTokenProvider: 'okta' },
        { name: 'c', authProvider: 'oidc', oidcTokenProvider: 'gitlab' },
        { name: 'd', authProvider: 'google' },
        { name: 'e', authProvider: 'aks' },
      ],
      api,
    );
    expect(tokens).toEqual({
      'oidc-okta': 'token-oidc.okta',
      'oidc-gitlab': 'token-oidc.gitlab',
      google: 'token-google',
      aks: 'token-aks',
    });
    expect(api.getCredentials.mock.calls.map(([p]) => p).sort()).toEqual([
      'aks',
      'google',
      'oidc.gitlab',
      'oidc.okta',
    ]);
  });

  it('never asks for the providers the Kubernetes plugin resolves on the server', async () => {
    const api = credentialsApi();
    const clusters: KubernetesClusterAuth[] = [
      ...SERVER_SIDE_AUTH_PROVIDERS,
    ].map(authProvider => ({ name: authProvider, authProvider }));
    expect(clusters.map(c => c.authProvider).sort()).toEqual([
      'aws',
      'azure',
      'googleServiceAccount',
      'localKubectlProxy',
      'serviceAccount',
    ]);
    await expect(clusterProviderTokens(clusters, api)).resolves.toEqual({});
    expect(api.getCredentials).not.toHaveBeenCalled();
  });

  it('leaves out providers that fail or give no token, and oidc clusters without a token provider', async () => {
    const api = credentialsApi({
      google: () => Promise.reject(new Error('Login rejected')),
      aks: async () => ({}),
    });
    const tokens = await clusterProviderTokens(
      [
        { name: 'a', authProvider: 'oidc', oidcTokenProvider: 'okta' },
        { name: 'b', authProvider: 'google' },
        { name: 'c', authProvider: 'aks' },
        { name: 'd', authProvider: 'oidc' },
      ],
      api,
    );
    expect(tokens).toEqual({ 'oidc-okta': 'token-oidc.okta' });
    expect(api.getCredentials).not.toHaveBeenCalledWith('oidc.undefined');
  });
});

describe('providerTokenSource', () => {
  afterEach(() => jest.restoreAllMocks());

  const fleet: KubernetesClusterAuth[] = [
    { name: 'member1', authProvider: 'serviceAccount' },
    { name: 'member2', authProvider: 'google' },
  ];

  it('reuses the cluster list across calls for a while, then reads it again', async () => {
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    const clustersApi = { getClusters: jest.fn(async () => fleet) };
    const api = credentialsApi();
    const first = providerTokenSource({ clustersApi, credentialsApi: api });
    const second = providerTokenSource({ clustersApi, credentialsApi: api });

    await Promise.all([first(), first(), second()]);
    expect(clustersApi.getClusters).toHaveBeenCalledTimes(1);
    // Tokens are asked on every call: the auth providers API keeps and refreshes them.
    expect(api.getCredentials).toHaveBeenCalledTimes(3);

    now.mockReturnValue(1_000_000 + CLUSTER_LIST_TTL_MS);
    await expect(first()).resolves.toEqual({ google: 'token-google' });
    expect(clustersApi.getClusters).toHaveBeenCalledTimes(2);
  });

  it('answers no tokens when the clusters cannot be listed, and asks again on the next call', async () => {
    const clustersApi = {
      getClusters: jest
        .fn<Promise<KubernetesClusterAuth[]>, []>()
        .mockRejectedValueOnce(new Error('Kubernetes backend unavailable'))
        .mockResolvedValue(fleet),
    };
    const tokens = providerTokenSource({
      clustersApi,
      credentialsApi: credentialsApi(),
    });
    await expect(tokens()).resolves.toEqual({});
    await expect(tokens()).resolves.toEqual({ google: 'token-google' });
    expect(clustersApi.getClusters).toHaveBeenCalledTimes(2);
  });
});
