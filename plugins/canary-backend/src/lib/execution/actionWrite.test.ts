import { mergePatchIsNoop, writeInPlace } from './actionWrite';

describe('writeInPlace', () => {
  const canary = {
    metadata: { resourceVersion: '7', annotations: { a: '1' } },
    spec: { suspend: true, analysis: { threshold: 2 } },
  };

  it('tells whether a merge patch is already in place, nested objects and removals included', () => {
    expect(mergePatchIsNoop(canary, { spec: { suspend: true } })).toBe(true);
    expect(mergePatchIsNoop(canary, { spec: { suspend: false } })).toBe(false);
    expect(
      mergePatchIsNoop(canary, { spec: { analysis: { threshold: 2 } } }),
    ).toBe(true);
    // null removes a field: in place only when the field is absent
    expect(mergePatchIsNoop(canary, { spec: { skipAnalysis: null } })).toBe(
      true,
    );
    expect(mergePatchIsNoop(canary, { spec: { suspend: null } })).toBe(false);
    // a field the object does not have yet
    expect(
      mergePatchIsNoop(canary, {
        spec: { template: { metadata: { annotations: { at: 'now' } } } },
      }),
    ).toBe(false);
  });

  it('checks merge and JSON patches of an action write against the object', () => {
    const write = (patch: any) => ({ cluster: 'prod', path: '/x', patch });
    expect(
      writeInPlace(
        canary,
        write({ type: 'merge', value: { spec: { suspend: true } } }),
      ),
    ).toBe(true);
    expect(
      writeInPlace(
        canary,
        write({
          type: 'json',
          operations: [{ op: 'add', path: '/spec/suspend', value: false }],
        }),
      ),
    ).toBe(false);
    expect(
      writeInPlace(
        canary,
        write({
          type: 'json',
          operations: [
            { op: 'replace', path: '/metadata/annotations/a', value: '1' },
          ],
        }),
      ),
    ).toBe(true);
  });
});
