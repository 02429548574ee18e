import { applicationSchema, type Application } from '../model/application';
import { renderKuratorRollout } from '../policy/kuratorRollout';
import type { RolloutPolicy } from '../policy/rolloutPolicy';
import {
  buildKuratorApplication,
  buildKuratorSyncPolicy,
  replaceKuratorRollout,
} from './kuratorApplicationBuilder';

const policy: RolloutPolicy = {
  workload: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'podinfo',
    namespace: 'webapp',
  },
  provider: 'istio',
  service: { name: 'podinfo', port: 9898, timeoutSeconds: 60 },
  traffic: { maxWeight: 50, stepWeight: 10 },
  analysis: {
    intervalSeconds: 60,
    threshold: 5,
    metrics: [
      {
        name: 'request-success-rate',
        intervalSeconds: 60,
        thresholdRange: { min: 99 },
      },
    ],
    loadTest: {
      commands: ['hey -z 1m -q 10 -c 2 http://podinfo-canary.webapp:9898/'],
      timeoutSeconds: 60,
    },
  },
  testLoader: true,
};

const gitSource = {
  gitRepository: {
    interval: '3m0s',
    url: 'https://github.com/stefanprodan/podinfo',
    ref: { branch: 'master' },
  },
};

describe('buildKuratorApplication', () => {
  const app = buildKuratorApplication({
    name: 'podinfo',
    namespace: 'webapp',
    labels: { 'backstage.io/kubernetes-id': 'podinfo' },
    annotations: { 'backstage-canary.io/entity-ref': 'component:default/x' },
    source: gitSource,
    syncPolicies: [
      {
        policy,
        name: 'canary',
        destination: { fleet: 'quickstart', clusterLabels: { env: 'prod' } },
        kustomization: { path: './deploy/webapp', prune: true },
      },
    ],
  });

  it('is a valid Kurator Application with the given metadata and source', () => {
    expect(applicationSchema.safeParse(app).success).toBe(true);
    expect(app.apiVersion).toBe('apps.kurator.dev/v1alpha1');
    expect(app.kind).toBe('Application');
    expect(app.metadata).toEqual({
      name: 'podinfo',
      namespace: 'webapp',
      labels: { 'backstage.io/kubernetes-id': 'podinfo' },
      annotations: { 'backstage-canary.io/entity-ref': 'component:default/x' },
    });
    expect(app.spec.source).toEqual(gitSource);
  });

  it('syncs each policy to its fleet and the clusters with the given labels', () => {
    const [syncPolicy] = app.spec.syncPolicies;
    expect(syncPolicy.name).toBe('canary');
    expect(syncPolicy.destination).toEqual({
      fleet: 'quickstart',
      clusterSelector: { matchLabels: { env: 'prod' } },
    });
    expect(syncPolicy.kustomization).toEqual({
      path: './deploy/webapp',
      prune: true,
    });
  });

  it('places the rollout fields where Kurator reads them', () => {
    const rollout = app.spec.syncPolicies[0].rollout!;
    expect(rollout).toEqual(renderKuratorRollout(policy));
    expect(rollout).toMatchObject({
      testLoader: true,
      trafficRoutingProvider: 'istio',
      workload: { kind: 'Deployment', name: 'podinfo', namespace: 'webapp' },
      serviceName: 'podinfo',
      port: 9898,
      rolloutPolicy: {
        trafficRouting: {
          timeoutSeconds: 60,
          canaryStrategy: { maxWeight: 50, stepWeight: 10 },
        },
        trafficAnalysis: {
          checkIntervalSeconds: 60,
          checkFailedTimes: 5,
          metrics: [
            {
              name: 'request-success-rate',
              intervalSeconds: 60,
              thresholdRange: { min: 99 },
            },
          ],
          webhooks: {
            timeoutSeconds: 60,
            command: [
              'hey -z 1m -q 10 -c 2 http://podinfo-canary.webapp:9898/',
            ],
          },
        },
      },
    });
  });

  it('leaves out what is not set', () => {
    const minimal = buildKuratorApplication({
      name: 'podinfo',
      namespace: 'webapp',
      source: gitSource,
      syncPolicies: [{ policy, destination: { fleet: 'quickstart' } }],
    });
    expect(Object.keys(minimal.metadata)).toEqual(['name', 'namespace']);
    expect(Object.keys(minimal.spec)).toEqual(['source', 'syncPolicies']);
    expect(minimal.spec.syncPolicies[0]).toEqual({
      destination: { fleet: 'quickstart' },
      rollout: renderKuratorRollout(policy),
    });
  });
});

describe('buildKuratorSyncPolicy', () => {
  it('is only the rollout block when nothing else is given', () => {
    expect(buildKuratorSyncPolicy({ policy })).toEqual({
      rollout: renderKuratorRollout(policy),
    });
  });
});

describe('replaceKuratorRollout', () => {
  const application = {
    apiVersion: 'apps.kurator.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'demo', namespace: 'webapp' },
    spec: {
      source: gitSource,
      syncPolicies: [
        {
          destination: { fleet: 'quickstart' },
          kustomization: { path: './a' },
        },
        {
          name: 'canary',
          destination: { fleet: 'quickstart' },
          kustomization: { path: './b' },
          rollout: {
            trafficRoutingProvider: 'nginx',
            workload: { name: 'old' },
            serviceName: 'old',
            port: 80,
            primary: { labels: { tier: 'primary' } },
            rolloutPolicy: { suspend: true },
          },
        },
      ],
    },
  } as Application;

  it('replaces the modelled rollout fields of one sync policy and keeps the rest', () => {
    const updated = replaceKuratorRollout(application, 1, policy);
    expect(updated.spec.syncPolicies[0]).toBe(application.spec.syncPolicies[0]);
    expect(updated.spec.syncPolicies[1]).toEqual({
      name: 'canary',
      destination: { fleet: 'quickstart' },
      kustomization: { path: './b' },
      rollout: {
        primary: { labels: { tier: 'primary' } },
        ...renderKuratorRollout(policy),
      },
    });
    expect(updated.metadata).toBe(application.metadata);
    expect(updated.spec.source).toBe(application.spec.source);
  });

  it('adds a rollout block to a sync policy without one, without changing the input', () => {
    const before = JSON.stringify(application);
    const updated = replaceKuratorRollout(application, 0, policy);
    expect(updated.spec.syncPolicies[0].rollout).toEqual(
      renderKuratorRollout(policy),
    );
    expect(JSON.stringify(application)).toBe(before);
  });
});
