import type { KubeObject } from '../lib/KubeClient';
import { templateHash } from '../daemon/flagger/templateHash';
import { FakeApi } from './FakeApi';

const NS = 'scale';

export function deployment(name: string, app: string): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, generation: 1 },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app } },
      template: {
        metadata: { labels: { app } },
        spec: { containers: [{ name: 'c', image: 'podinfo:6.0.0' }] },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      conditions: [
        {
          type: 'Available',
          status: 'True',
          reason: 'MinimumReplicasAvailable',
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: 'NewReplicaSetAvailable',
        },
      ],
    },
  };
}

export function service(name: string, app: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS },
    spec: { selector: { app } },
  };
}

/** A member holding podinfo-001, initialised and promoted: what every scale copy is at rest. */
export function restingMember(api = new FakeApi()): FakeApi {
  const target = deployment('podinfo-001', 'podinfo-001');
  const hash = templateHash(target);
  api.put(target);
  api.put(deployment('podinfo-001-primary', 'podinfo-001-primary'));
  api.put(service('podinfo-001', 'podinfo-001-primary'));
  api.put(service('podinfo-001-canary', 'podinfo-001'));
  api.put(service('podinfo-001-primary', 'podinfo-001-primary'));
  api.put({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo-001', namespace: NS, uid: 'uid-1' },
    spec: {
      provider: 'istio',
      targetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'podinfo-001',
      },
      service: { port: 9898 },
      analysis: { interval: '2m', threshold: 5, stepWeight: 10, maxWeight: 50 },
    },
    status: {
      phase: 'Succeeded',
      canaryWeight: 0,
      failedChecks: 0,
      iterations: 0,
      lastAppliedSpec: hash,
      lastPromotedSpec: hash,
      conditions: [{ type: 'Promoted', status: 'True' }],
    },
  });
  return api;
}
