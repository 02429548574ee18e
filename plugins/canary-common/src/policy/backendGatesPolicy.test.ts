import { parseFlaggerCanary, renderFlaggerCanary } from './flaggerCanary';
import type { RolloutPolicy } from './rolloutPolicy';
import { validateRolloutPolicy } from './validateRolloutPolicy';
import { getRolloutActions } from '../rollout/rolloutActions';

const policy: RolloutPolicy = {
  workload: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    name: 'podinfo',
    namespace: 'test',
  },
  provider: 'istio',
  service: { name: 'podinfo', port: 9898 },
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
  gates: {
    url: 'https://backstage.example.com/api/canary/gates/member-1/',
    token: 'gate-token',
    confirmPromotion: true,
    rollback: true,
  },
};

const issuesAt = (p: RolloutPolicy, severity: 'error' | 'warning') =>
  validateRolloutPolicy(p, 'flagger')
    .filter(i => i.severity === severity)
    .map(i => i.path);

describe('rollout policies wired to the gates of the Backstage Canary backend', () => {
  it('renders one webhook per gate at <url>/<gate>, each carrying the gate token', () => {
    const { canary } = renderFlaggerCanary(policy);
    const gates = canary.spec.analysis?.webhooks?.filter(w =>
      ['confirm-promotion', 'rollback'].includes(w.type ?? ''),
    );
    expect(gates).toEqual([
      {
        name: 'confirm-promotion',
        type: 'confirm-promotion',
        url: 'https://backstage.example.com/api/canary/gates/member-1/confirm-promotion',
        metadata: { token: 'gate-token' },
      },
      {
        name: 'rollback',
        type: 'rollback',
        url: 'https://backstage.example.com/api/canary/gates/member-1/rollback',
        metadata: { token: 'gate-token' },
      },
    ]);
    // The rendered canary approves and aborts through the backend.
    const actions = getRolloutActions({
      ...canary,
      status: { phase: 'WaitingPromotion', lastAppliedSpec: 'r1' },
    });
    expect(actions.find(a => a.action === 'approve')?.operation).toMatchObject({
      type: 'backend-gate',
      gate: 'confirm-promotion',
      cluster: 'member-1',
    });
    expect(actions.find(a => a.action === 'abort')?.operation).toMatchObject({
      type: 'backend-gate',
      gate: 'rollback',
    });
  });

  it('parses the webhooks back into the same gates', () => {
    const { canary, metricTemplates } = renderFlaggerCanary(policy);
    const parsed = parseFlaggerCanary(canary, metricTemplates);
    expect(parsed.policy.gates).toEqual({
      url: 'https://backstage.example.com/api/canary/gates/member-1',
      token: 'gate-token',
      confirmPromotion: true,
      rollback: true,
    });
  });

  it('requires the token for Backstage gates and does not warn about gates left open', () => {
    expect(issuesAt(policy, 'error')).not.toContain('gates.token');
    expect(issuesAt(policy, 'warning')).not.toContain('gates');
    const withoutToken = {
      ...policy,
      gates: { ...policy.gates!, token: undefined },
    };
    const issue = validateRolloutPolicy(withoutToken, 'flagger').find(
      i => i.path === 'gates.token',
    );
    expect(issue).toMatchObject({ severity: 'error' });
    expect(issue?.message).toMatch(/canary\.gates\.clusters\.member-1\.token/);
  });

  it('rejects a gate URL that names the gate, and keeps the loadtester form as it was', () => {
    expect(
      issuesAt(
        {
          ...policy,
          gates: {
            ...policy.gates!,
            url: 'https://backstage.example.com/api/canary/gates/member-1/rollback',
          },
        },
        'error',
      ),
    ).toContain('gates.url');
    const loadtester = {
      ...policy,
      gates: { url: 'http://flagger-loadtester.test', confirmPromotion: true },
    };
    expect(
      renderFlaggerCanary(loadtester).canary.spec.analysis?.webhooks,
    ).toContainEqual({
      name: 'confirm-promotion',
      type: 'confirm-promotion',
      url: 'http://flagger-loadtester.test/gate/check',
    });
    expect(issuesAt(loadtester, 'warning')).toContain('gates');
  });
});
