import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const metrics = [
  {
    name: 'request-success-rate',
    intervalSeconds: 60,
    thresholdRange: { min: 99 },
  },
  {
    name: 'request-duration',
    intervalSeconds: 60,
    thresholdRange: { max: 500 },
  },
];

export const examples: TemplateExample[] = [
  {
    description:
      'A native Flagger Canary (Istio, weights 5-10-25-50) with a custom error-rate metric',
    example: stringify({
      steps: [
        {
          id: 'policy',
          action: 'canary:policy:create',
          name: 'Write the rollout policy',
          input: {
            target: 'flagger',
            policy: {
              workload: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: 'podinfo',
                namespace: 'test',
              },
              provider: 'istio',
              service: { name: 'podinfo', port: 9898, targetPort: 9898 },
              traffic: { stepWeights: [5, 10, 25, 50] },
              analysis: {
                intervalSeconds: 60,
                threshold: 5,
                metrics: [
                  ...metrics,
                  {
                    name: 'error-rate',
                    intervalSeconds: 60,
                    thresholdRange: { max: 1 },
                    custom: {
                      provider: {
                        type: 'prometheus',
                        address: 'http://prometheus.istio-system:9090',
                      },
                      query:
                        'sum(rate(istio_requests_total{destination_workload="{{ target }}",response_code=~"5.."}[{{ interval }}])) / sum(rate(istio_requests_total{destination_workload="{{ target }}"}[{{ interval }}])) * 100',
                    },
                  },
                ],
                loadTest: {
                  url: 'http://flagger-loadtester.test/',
                  timeoutSeconds: 30,
                  commands: [
                    'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/',
                  ],
                },
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'A Kurator Application with an A/B testing rollout policy (Istio, Firefox users first)',
    example: stringify({
      steps: [
        {
          id: 'policy',
          action: 'canary:policy:create',
          name: 'Write the Kurator Application',
          input: {
            target: 'kurator',
            hostCluster: 'fleet-host',
            application: {
              fleet: 'quickstart',
              source: {
                gitRepository: {
                  url: 'https://github.com/stefanprodan/podinfo',
                  ref: { branch: 'master' },
                },
              },
              kustomization: { path: './deploy/webapp' },
            },
            policy: {
              workload: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: 'backend',
                namespace: 'webapp',
              },
              provider: 'istio',
              service: { name: 'backend', port: 9898, timeoutSeconds: 60 },
              traffic: {
                iterations: 10,
                match: [
                  { headers: { 'user-agent': { regex: '.*Firefox.*' } } },
                ],
              },
              analysis: { intervalSeconds: 60, threshold: 2, metrics },
              testLoader: true,
            },
          },
        },
      ],
    }),
  },
];
