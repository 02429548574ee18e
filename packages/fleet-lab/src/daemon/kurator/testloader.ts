/*
 * The private testloader Kurator installs for `rollout.testLoader: true`
 * (pkg/fleet-manager/application/manifests/rollout_testloader.go): Deployment and Service
 * `<workload.name>-testloader`, annotated with the policy. Local to the lab; the rest of the
 * Application -> Flagger mapping comes from plugin-canary-common.
 */
import { KURATOR_ROLLOUT_ANNOTATION } from '@backstage-canary/plugin-canary-common';

export type TestloaderTarget = {
  workload: { name: string; namespace: string };
};

/** The private testloader Deployment and Service `<workload.name>-testloader`. */
export function renderTestloader(
  rollout: TestloaderTarget,
  policyName: string,
  image: string,
): Array<Record<string, any>> {
  const name = `${rollout.workload.name}-testloader`;
  const namespace = rollout.workload.namespace;
  const labels = { app: name };
  const annotations = { [KURATOR_ROLLOUT_ANNOTATION]: policyName };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels, annotations },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'loadtester',
                image,
                command: [
                  './loadtester',
                  '-port=8080',
                  '-log-level=info',
                  '-timeout=1h',
                ],
                ports: [{ name: 'http', containerPort: 8080 }],
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, labels, annotations },
      spec: {
        type: 'ClusterIP',
        selector: labels,
        ports: [
          { name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
        ],
      },
    },
  ];
}
