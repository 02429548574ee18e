import type {
  EntityPoliciesResponse,
  PolicyChangeResponse,
  PolicyPreviewResponse,
  RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';

/** The Kuma rollout policy of a Kurator Application, as the backend reads it. */
export const kumaPolicy: RolloutPolicy = {
  workload: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'backend',
    namespace: 'webapp',
  },
  provider: 'kuma',
  service: { name: 'backend', port: 9898, protocol: 'http' },
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
  },
};

export const currentPolicies: EntityPoliciesResponse = {
  entityRef: 'component:default/rollout-kuma-demo',
  items: [
    {
      source: {
        target: 'kurator',
        hostCluster: 'host',
        application: { namespace: 'default', name: 'rollout-kuma-demo' },
        policyIndex: 0,
        policyName: 'rollout-kuma-demo-0',
        fleet: 'quickstart',
        clusters: ['kurator-member1', 'kurator-member2'],
      },
      policy: kumaPolicy,
      warnings: [],
      issues: [],
    },
  ],
  errors: [],
};

export const preview: PolicyPreviewResponse = {
  target: 'kurator',
  manifests: [
    {
      cluster: 'host',
      role: 'host',
      objects: [],
      yaml: 'kind: Application\nmetadata:\n  name: rollout-kuma-demo\n',
    },
    {
      cluster: 'kurator-member1',
      role: 'member',
      objects: [],
      yaml: 'kind: Canary\nspec:\n  analysis:\n    stepWeight: 20\n',
    },
  ],
  issues: [],
  errors: [
    {
      cluster: 'kurator-member2',
      name: 'ServiceUnavailableError',
      message: 'connect ECONNREFUSED',
    },
  ],
};

const change = (cluster: string, diff: string) => ({
  cluster,
  role: 'member' as const,
  objects: [
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      namespace: 'webapp',
      name: 'backend',
      operation: 'update' as const,
      diff,
    },
  ],
});

export const dryRun: PolicyChangeResponse = {
  target: 'kurator',
  applied: false,
  clusters: [
    change(
      'kurator-member1',
      '--- a/Canary webapp/backend\n+++ b/Canary webapp/backend\n@@ -3,1 +3,1 @@\n-    stepWeight: 10\n+    stepWeight: 20\n',
    ),
    {
      cluster: 'kurator-member2',
      role: 'member',
      objects: [],
      error: {
        cluster: 'kurator-member2',
        name: 'ServiceUnavailableError',
        message: 'connect ECONNREFUSED 127.0.0.1:16445',
      },
    },
  ],
  issues: [],
  errors: [],
};
