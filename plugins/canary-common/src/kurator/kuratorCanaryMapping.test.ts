import type { Application } from '../model/application';
import {
  kuratorSyncResourceName,
  renderKuratorApplication,
} from './kuratorCanaryMapping';

const app = (
  rollout: Record<string, unknown>,
  name = 'rollout-demo',
): Application =>
  ({
    apiVersion: 'apps.kurator.dev/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace: 'default' },
    spec: {
      source: {},
      syncPolicies: [
        {
          rollout: {
            testLoader: true,
            trafficRoutingProvider: 'kuma',
            workload: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: 'backend',
              namespace: 'webapp',
            },
            serviceName: 'backend-svc',
            port: 8080,
            rolloutPolicy: {
              trafficRouting: {
                canaryStrategy: { maxWeight: 50, stepWeight: 10 },
              },
              trafficAnalysis: {
                checkIntervalSeconds: 60,
                checkFailedTimes: 2,
                metrics: [{ name: 'error-rate', intervalSeconds: 60 }],
                webhooks: { timeoutSeconds: 30, command: ['hey'] },
              },
            },
            ...rollout,
          },
        },
      ],
    },
  } as unknown as Application);

describe('renderKuratorApplication', () => {
  const [r] = renderKuratorApplication(
    app({}),
    [{ name: 'member1', kind: 'AttachedCluster' }],
    {
      targetPorts: { 'webapp/backend-svc': 9898 },
    },
  );

  it('renders the Canary as Kurator does', () => {
    expect(r.syncStatusName).toBe('rollout-demo-0-attachedcluster-member1');
    expect(r.canary).toMatchObject({
      metadata: {
        name: 'backend',
        namespace: 'webapp',
        annotations: { 'kurator.dev/rollout': 'rollout-demo-0' },
      },
      spec: {
        provider: 'kuma',
        service: {
          name: 'backend-svc',
          port: 8080,
          targetPort: 9898,
          timeout: '0s',
          apex: { annotations: { '9898.service.kuma.io/protocol': 'http' } },
        },
        analysis: {
          interval: '60s',
          threshold: 2,
          metrics: [
            {
              name: 'error-rate',
              interval: '60s',
              templateRef: { name: 'error-rate', namespace: 'webapp' },
            },
          ],
          webhooks: [
            {
              name: 'generated-testload-0',
              url: 'http://backend-svc-testloader.webapp/',
              timeout: '30s',
              metadata: { type: 'cmd', cmd: 'hey' },
            },
          ],
        },
      },
    });
    expect(r.canary?.metadata.annotations).toEqual({
      'kurator.dev/rollout': 'rollout-demo-0',
    });
  });

  it('flags every quirk that bites this policy', () => {
    const messages = r.issues.map(i => i.message).join('\n');
    expect(messages).toMatch(/differs from workload.name.*AlreadyExists/);
    expect(messages).toMatch(/"backend-svc-testloader".*"backend-testloader"/);
    expect(messages).toMatch(
      /Metric "error-rate" gets templateRef webapp\/error-rate without a customMetric/,
    );
    expect(messages).toMatch(/timeout "0s"/);
    expect(messages).toMatch(/kuma.io\/mesh.*the mesh annotation is lost/);
    expect(messages).toMatch(/port 9898 whatever the port; port 8080/);
  });

  it('uses the public fleet loadtester without testLoader', () => {
    const [pub] = renderKuratorApplication(
      app({ testLoader: false, trafficRoutingProvider: 'istio' }),
      [{ name: 'member1', kind: 'Cluster' }],
    );
    expect(pub.webhookUrl).toBe(
      'http://istio-system-testloader-member1-loadtester.istio-system/',
    );
  });

  it('refuses unknown providers and missing analysis like the reconciler', () => {
    const [unknown] = renderKuratorApplication(
      app({ trafficRoutingProvider: 'linkerd' }),
      [{ name: 'm', kind: 'Cluster' }],
    );
    expect(unknown.canary).toBeUndefined();
    expect(unknown.issues[0].severity).toBe('error');
  });

  it('truncates sync resource names to 63 characters', () => {
    expect(
      kuratorSyncResourceName('p'.repeat(60), 'AttachedCluster', 'member'),
    ).toHaveLength(63);
  });
});
