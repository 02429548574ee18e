import { spewChecksumStruct, webhookChecksum } from './webhookChecksum';

describe('webhookChecksum', () => {
  it('writes the struct as go-spew does: a nil map pointer, or keys in byte order', () => {
    expect(spewChecksumStruct(undefined, '7b779dcc48')).toBe(
      '(struct { TrackedConfigs *map[string]string; LastAppliedSpec string }){TrackedConfigs:(*map[string]string)<nil> LastAppliedSpec:(string)7b779dcc48}',
    );
    expect(
      spewChecksumStruct({ 'secret/b': 'x2', 'configmap/a': 'y1' }, 'abc'),
    ).toContain('(*map[string]string)map[configmap/a:y1 secret/b:x2] ');
    expect(spewChecksumStruct({}, 'abc')).toContain(
      '(*map[string]string)map[] ',
    );
  });

  it("matches the sums Go's hash/fnv and rand.SafeEncodeString give for those texts", () => {
    expect(webhookChecksum({ lastAppliedSpec: '7b779dcc48' })).toBe(
      '7b674cd8f7',
    );
    expect(
      webhookChecksum({ lastAppliedSpec: '7b779dcc48', trackedConfigs: {} }),
    ).toBe('5f4c47c8b8');
  });
});
