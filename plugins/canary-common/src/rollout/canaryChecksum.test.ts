import { flaggerCanaryChecksum, flaggerChecksumText } from './canaryChecksum';

describe('flaggerCanaryChecksum', () => {
  it('writes the checksum struct the way go-spew %#v does', () => {
    expect(flaggerChecksumText({ lastAppliedSpec: '7b779dcc48' })).toBe(
      '(struct { TrackedConfigs *map[string]string; LastAppliedSpec string }){TrackedConfigs:(*map[string]string)<nil> LastAppliedSpec:(string)7b779dcc48}',
    );
    expect(
      flaggerChecksumText({
        lastAppliedSpec: 'abc',
        trackedConfigs: { 'secret/b': 'x2', 'configmap/a': 'y1' },
      }),
    ).toBe(
      '(struct { TrackedConfigs *map[string]string; LastAppliedSpec string }){TrackedConfigs:(*map[string]string)map[configmap/a:y1 secret/b:x2] LastAppliedSpec:(string)abc}',
    );
    expect(
      flaggerChecksumText({ lastAppliedSpec: 'abc', trackedConfigs: {} }),
    ).toContain('(*map[string]string)map[] ');
  });

  it('has the format of Kubernetes safe-encoded FNV-32a sums', () => {
    const sum = flaggerCanaryChecksum({ lastAppliedSpec: '7b779dcc48' });
    expect(sum).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);
    // Expected values computed with Go's hash/fnv and rand.SafeEncodeString's mapping over the
    // spew text above.
    expect(sum).toBe('7b674cd8f7');
    expect(
      flaggerCanaryChecksum({
        lastAppliedSpec: '7b779dcc48',
        trackedConfigs: {},
      }),
    ).toBe('5f4c47c8b8');
  });

  it('changes with the revision and with the tracked configs, not with key order', () => {
    const base = flaggerCanaryChecksum({
      lastAppliedSpec: 'a',
      trackedConfigs: { 'configmap/x': '1', 'secret/y': '2' },
    });
    expect(
      flaggerCanaryChecksum({
        lastAppliedSpec: 'a',
        trackedConfigs: { 'secret/y': '2', 'configmap/x': '1' },
      }),
    ).toBe(base);
    expect(
      flaggerCanaryChecksum({
        lastAppliedSpec: 'b',
        trackedConfigs: { 'configmap/x': '1', 'secret/y': '2' },
      }),
    ).not.toBe(base);
    expect(
      flaggerCanaryChecksum({
        lastAppliedSpec: 'a',
        trackedConfigs: { 'configmap/x': '3', 'secret/y': '2' },
      }),
    ).not.toBe(base);
    // A status without trackedConfigs is a nil pointer in Go, not an empty map.
    expect(flaggerCanaryChecksum({ lastAppliedSpec: 'a' })).not.toBe(
      flaggerCanaryChecksum({ lastAppliedSpec: 'a', trackedConfigs: {} }),
    );
  });
});
