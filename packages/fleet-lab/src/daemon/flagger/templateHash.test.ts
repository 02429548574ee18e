import { computeSpecHash } from '../../domain/specHash';
import { templateHash } from './templateHash';

describe('templateHash', () => {
  it('is computeSpecHash of the pod template, for a new template object a new value', () => {
    const template = { spec: { containers: [{ image: 'podinfo:6.0.0' }] } };
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
    };
    expect(templateHash({ ...d, spec: { template } })).toBe(
      computeSpecHash(template),
    );
    expect(templateHash({ ...d, spec: { template } })).toBe(
      computeSpecHash(template),
    );
    const next = { spec: { containers: [{ image: 'podinfo:6.0.1' }] } };
    expect(templateHash({ ...d, spec: { template: next } })).toBe(
      computeSpecHash(next),
    );
    expect(templateHash({ ...d, spec: {} })).toBe(computeSpecHash({}));
  });
});
