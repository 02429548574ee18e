import { computeSpecHash, safeEncodeString } from './specHash';

describe('spec hashes', () => {
  it('looks like Flagger’s and changes only with the template', () => {
    const a = {
      spec: { containers: [{ name: 'app', image: 'podinfo:6.0.0' }] },
    };
    const b = {
      spec: { containers: [{ image: 'podinfo:6.0.0', name: 'app' }] },
    };
    const c = {
      spec: { containers: [{ name: 'app', image: 'podinfo:6.0.1' }] },
    };
    expect(computeSpecHash(a)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]+$/);
    expect(computeSpecHash(a)).toBe(computeSpecHash(b));
    expect(computeSpecHash(a)).not.toBe(computeSpecHash(c));
  });

  it('encodes like Kubernetes’ rand.SafeEncodeString', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
  });
});
