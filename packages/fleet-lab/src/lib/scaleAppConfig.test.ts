import { LabInfo } from './labInfo';
import { scaleAppConfig } from './scaleAppConfig';

const tokens = {
  admin: 'admin-token',
  backstage: 'sa-token',
  unprivileged: 'u',
};

const info: LabInfo = {
  version: 1,
  startedAt: '2024-01-01T00:00:00Z',
  timeScale: 1,
  kuratorResyncSeconds: 30,
  clusters: [
    {
      name: 'host',
      role: 'host',
      url: 'https://127.0.0.1:19443',
      apiserverUrl: 'https://127.0.0.1:17443',
      caFile: '/lab/pki/ca.crt',
      tokens,
      kubeconfig: '/lab/kubeconfig/host.config',
      backstageKubeconfig: '/lab/kubeconfig/host-backstage.config',
    },
    {
      name: 'kurator-member3',
      role: 'member',
      url: 'https://127.0.0.1:19446',
      apiserverUrl: 'https://127.0.0.1:17446',
      caFile: '/lab/pki/ca.crt',
      tokens,
      kubeconfig: '/lab/kubeconfig/kurator-member3.config',
      backstageKubeconfig: '/lab/kubeconfig/kurator-member3-backstage.config',
      prometheusUrl: 'http://127.0.0.1:20103',
    },
  ],
  etcd: { url: 'http://127.0.0.1:13379' },
  daemon: { url: 'http://127.0.0.1:20100' },
  loadtesterUrlTemplate: 'x',
  profile: { members: 3, canaries: 1, latencyMs: 50 },
};

describe('scaleAppConfig', () => {
  it("gives Backstage the proxies, the backstage token, the host, Prometheus and a database of the lab's own", () => {
    const config = scaleAppConfig(info, '/lab');
    expect(config.kubernetes.clusterLocatorMethods[0].clusters).toEqual([
      {
        name: 'host',
        url: 'https://127.0.0.1:19443',
        authProvider: 'serviceAccount',
        serviceAccountToken: 'sa-token',
        caFile: '/lab/pki/ca.crt',
        skipMetricsLookup: true,
      },
      expect.objectContaining({
        name: 'kurator-member3',
        url: 'https://127.0.0.1:19446',
      }),
    ]);
    expect(config.canary.hostCluster).toBe('host');
    expect(config.canary.prometheus.clusters).toEqual({
      'kurator-member3': { url: 'http://127.0.0.1:20103' },
    });
    // the derivation of scripts/lab-app-config.mjs
    expect(config.canary.gates.clusters['kurator-member3'].token).toMatch(
      /^[0-9a-f]{40}$/,
    );
    expect(config.backend.database.connection.directory).toBe(
      '/lab/backstage-db',
    );
  });
});
