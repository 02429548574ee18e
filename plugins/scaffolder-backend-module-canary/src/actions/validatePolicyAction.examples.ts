import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Check a Blue/Green policy for a native canary before writing anything',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'canary:policy:validate',
          name: 'Validate the rollout policy',
          input: {
            target: 'flagger',
            policy: {
              workload: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: 'podinfo',
                namespace: 'test',
              },
              provider: 'kubernetes',
              service: { name: 'podinfo', port: 9898 },
              traffic: { iterations: 10 },
              analysis: {
                intervalSeconds: 30,
                threshold: 2,
                metrics: [
                  {
                    name: 'request-success-rate',
                    intervalSeconds: 30,
                    thresholdRange: { min: 99 },
                  },
                ],
              },
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Validate the policy a template collects from its parameters (Kurator, canary weights)',
    example: stringify({
      steps: [
        {
          id: 'validate',
          action: 'canary:policy:validate',
          name: 'Validate the rollout policy',
          input: {
            target: 'kurator',
            policy: {
              workload: {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                name: '${{ parameters.name }}',
                namespace: '${{ parameters.namespace }}',
              },
              provider: 'istio',
              service: {
                name: '${{ parameters.name }}',
                port: '${{ parameters.port }}',
              },
              traffic: {
                maxWeight: 50,
                stepWeight: '${{ parameters.stepWeight }}',
              },
              analysis: {
                intervalSeconds: '${{ parameters.intervalSeconds }}',
                threshold: '${{ parameters.threshold }}',
                metrics: [
                  {
                    name: 'request-success-rate',
                    intervalSeconds: 60,
                    thresholdRange: { min: 99 },
                  },
                ],
              },
            },
          },
        },
      ],
    }),
  },
];
