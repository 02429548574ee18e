import { ReactNode } from 'react';
import { renderHook, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { TestApiProvider } from '@backstage/test-utils';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import type { CanaryApi } from '@backstage-canary/plugin-canary-common';
import { canaryApi as canaryApiExtension } from '../frontendPlugin';
import { useEntityRollouts } from '../hooks';
import { canaryApiFactory, canaryApiRef } from './canaryApiRef';
import {
  kubernetesClustersApiRef,
  kubernetesCredentialsApiRef,
  type KubernetesClusterAuth,
} from './kubernetesApis';
import { useCanaryApi } from './useCanaryApi';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const baseUrl = 'http://backstage.test';
const entityRef = 'component:default/rollout-demo';
const canary = { cluster: 'member-gke', namespace: 'webapp', name: 'backend' };
const policy = { target: 'flagger' as const, policy: {} as never };

/** One server-side and two client-side clusters, as the Kubernetes plugin lists them. */
const fleet: KubernetesClusterAuth[] = [
  { name: 'member-sa', authProvider: 'serviceAccount' },
  { name: 'member-okta', authProvider: 'oidc', oidcTokenProvider: 'okta' },
  { name: 'member-gke', authProvider: 'google' },
];

/** The Kubernetes plugin's frontend APIs, with the answers of its auth providers. */
function kubernetesApis(
  credentials: Record<string, () => Promise<{ token?: string }>> = {
    'oidc.okta': async () => ({ token: 'okta-id-token' }),
    google: async () => ({ token: 'google-access-token' }),
  },
) {
  const clustersApi = { getClusters: jest.fn(async () => fleet) };
  const credentialsApi = {
    getCredentials: jest.fn((provider: string) =>
      credentials[provider]
        ? credentials[provider]()
        : Promise.reject(new Error(`no provider ${provider}`)),
    ),
  };
  return {
    clustersApi,
    credentialsApi,
    pairs: [
      [kubernetesClustersApiRef, clustersApi],
      [kubernetesCredentialsApiRef, credentialsApi],
    ] as const,
  };
}

type Received = {
  method: string;
  path: string;
  tokenHeaders: Record<string, string>;
};

/** What the Canary backend receives: each request's cluster provider token headers. */
function canaryBackend() {
  const received: Received[] = [];
  server.use(
    http.all(`${baseUrl}/api/canary/*`, ({ request }) => {
      const tokenHeaders: Record<string, string> = {};
      request.headers.forEach((value, name) => {
        if (name.startsWith('backstage-kubernetes-authorization')) {
          tokenHeaders[name] = value;
        }
      });
      received.push({
        method: request.method,
        path: new URL(request.url).pathname.replace('/api/canary', ''),
        tokenHeaders,
      });
      return HttpResponse.json({ items: [], errors: [], summary: 'none' });
    }),
  );
  return received;
}

/** `useCanaryApi()` in a legacy app: the legacy factory's client and the given APIs. */
function legacyCanaryApi(
  apis: ReadonlyArray<readonly [{ id: string }, unknown]> = [],
): CanaryApi {
  const client = canaryApiFactory.factory({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: { fetch },
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider
      apis={[[canaryApiRef, client], ...apis] as [[typeof canaryApiRef, any]]}
    >
      {children}
    </TestApiProvider>
  );
  return renderHook(() => useCanaryApi(), { wrapper }).result.current;
}

const bothTokens = {
  'backstage-kubernetes-authorization-oidc-okta': 'okta-id-token',
  'backstage-kubernetes-authorization-google': 'google-access-token',
};

describe('useCanaryApi', () => {
  it('sends the tokens of the client-side clusters on every call that reads or acts on clusters', async () => {
    const received = canaryBackend();
    const { credentialsApi, pairs } = kubernetesApis();
    const api = legacyCanaryApi(pairs);

    await api.getEntityRollouts(entityRef);
    expect(received).toEqual([
      {
        method: 'GET',
        path: '/entities/component/default/rollout-demo/rollouts',
        tokenHeaders: bothTokens,
      },
    ]);
    // The server-side cluster needs no token; each client-side provider is asked once.
    expect(credentialsApi.getCredentials.mock.calls).toEqual([
      ['oidc.okta'],
      ['google'],
    ]);

    await api.getInbox({ limit: 5 });
    await api.getRolloutDetail(entityRef, canary);
    await api.listRuns(entityRef, canary);
    await api.getTimeline(entityRef, canary);
    await api.getMetrics(entityRef, canary);
    await api.runAction(entityRef, canary, 'promote', { reason: 'looks good' });
    await api.getPolicies(entityRef);
    await api.previewPolicy(entityRef, policy);
    await api.dryRunPolicy(entityRef, policy);
    await api.applyPolicy(entityRef, { ...policy, reason: 'tighter gates' });
    const rollout = '/entities/component/default/rollout-demo/rollouts';
    const policyPath = '/entities/component/default/rollout-demo/policy';
    expect(received.slice(1).map(r => `${r.method} ${r.path}`)).toEqual([
      'GET /inbox',
      `GET ${rollout}/member-gke/webapp/backend`,
      `GET ${rollout}/member-gke/webapp/backend/runs`,
      `GET ${rollout}/member-gke/webapp/backend/timeline`,
      `GET ${rollout}/member-gke/webapp/backend/metrics`,
      `POST ${rollout}/member-gke/webapp/backend/actions/promote`,
      `GET ${policyPath}`,
      `POST ${policyPath}/preview`,
      `POST ${policyPath}/dry-run`,
      `POST ${policyPath}/apply`,
    ]);
    for (const request of received) {
      expect(request.tokenHeaders).toEqual(bothTokens);
    }

    // Validation touches no cluster: no tokens asked, none sent.
    const asked = credentialsApi.getCredentials.mock.calls.length;
    await api.validatePolicy(entityRef, policy);
    expect(received[received.length - 1].tokenHeaders).toEqual({});
    expect(credentialsApi.getCredentials).toHaveBeenCalledTimes(asked);
  });

  it('leaves out a provider that cannot give a token and sends the others', async () => {
    const received = canaryBackend();
    const { pairs } = kubernetesApis({
      'oidc.okta': async () => ({ token: 'okta-id-token' }),
      google: () => Promise.reject(new Error('The user rejected the login')),
    });
    const api = legacyCanaryApi(pairs);

    await expect(api.getEntityRollouts(entityRef)).resolves.toMatchObject({
      summary: 'none',
    });
    expect(received[0].tokenHeaders).toEqual({
      'backstage-kubernetes-authorization-oidc-okta': 'okta-id-token',
    });
  });

  it("keeps a call's own provider tokens", async () => {
    const received = canaryBackend();
    const { credentialsApi, pairs } = kubernetesApis();
    const api = legacyCanaryApi(pairs);

    await api.getEntityRollouts(entityRef, {
      providerTokens: { aks: 'given' },
    });
    expect(received[0].tokenHeaders).toEqual({
      'backstage-kubernetes-authorization-aks': 'given',
    });
    expect(credentialsApi.getCredentials).not.toHaveBeenCalled();
  });

  it("sends no provider headers in an app without the Kubernetes plugin's APIs", async () => {
    const received = canaryBackend();
    const api = legacyCanaryApi();

    await api.getEntityRollouts(entityRef);
    await api.runAction(entityRef, canary, 'pause', { reason: 'hold on' });
    expect(received.map(r => r.tokenHeaders)).toEqual([{}, {}]);
  });
});

describe('the Canary tab in the new frontend system', () => {
  /** The tab's fleet read, with the plugin's own API extension building the client. */
  function renderFleet(
    apis: ReadonlyArray<readonly [{ id: string }, unknown]> = [],
  ) {
    const Fleet = () => {
      const { value, error } = useEntityRollouts(entityRef);
      if (error) return <p>{error.message}</p>;
      return <p>{value ? `fleet: ${value.summary}` : 'loading'}</p>;
    };
    return renderInTestApp(<Fleet />, {
      features: [
        createFrontendPlugin({
          pluginId: 'canary',
          extensions: [canaryApiExtension],
        }),
      ],
      apis: [mockApis.discovery({ baseUrl }), ...apis] as any,
    });
  }

  it("sends the tokens got through the Kubernetes plugin's APIs", async () => {
    const received = canaryBackend();
    renderFleet(kubernetesApis().pairs);
    expect(await screen.findByText('fleet: none')).toBeInTheDocument();
    expect(received[0].tokenHeaders).toEqual(bothTokens);
  });

  it("works without the Kubernetes plugin's APIs, sending no provider headers", async () => {
    const received = canaryBackend();
    renderFleet();
    expect(await screen.findByText('fleet: none')).toBeInTheDocument();
    await waitFor(() => expect(received).toHaveLength(1));
    expect(received[0].tokenHeaders).toEqual({});
  });
});
