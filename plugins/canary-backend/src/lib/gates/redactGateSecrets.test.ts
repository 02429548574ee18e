import type { Canary } from '@backstage-canary/plugin-canary-common';
import { REDACTED_GATE_SECRET, redactGateSecrets } from './redactGateSecrets';

const SECRET = 'per-canary-s3cret';

function canary(): Canary {
  const webhooks: NonNullable<
    NonNullable<Canary['spec']['analysis']>['webhooks']
  > = [
    {
      name: 'promotion',
      type: 'confirm-promotion',
      url: 'http://backstage/api/canary/gates/prod/confirm-promotion',
      metadata: { token: SECRET },
    },
    {
      name: 'load-test',
      type: 'rollout',
      url: 'http://flagger-loadtester.test/',
      metadata: { type: 'cmd', cmd: 'hey -z 1m http://podinfo-canary' },
    },
  ];
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: {
      name: 'podinfo',
      namespace: 'test',
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          spec: { analysis: { webhooks } },
        }),
      },
    },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 2, webhooks },
    },
  };
}

describe('redactGateSecrets', () => {
  it('removes the gate secret from the webhooks and everywhere else it appears', () => {
    const original = canary();
    const redacted = redactGateSecrets(original);
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
    expect(redacted.spec.analysis?.webhooks?.[0].metadata).toEqual({
      token: REDACTED_GATE_SECRET,
    });
    // Everything else is kept, and the input is not changed.
    expect(redacted.spec.analysis?.webhooks?.[1]).toEqual(
      original.spec.analysis?.webhooks?.[1],
    );
    expect(JSON.stringify(original)).toContain(SECRET);
  });

  it('returns a canary without gate secrets as it is', () => {
    const plain = canary();
    plain.spec.analysis!.webhooks = plain.spec.analysis!.webhooks!.slice(1);
    plain.metadata.annotations = {};
    expect(redactGateSecrets(plain)).toBe(plain);
  });
});
