import { createMergePatch } from './mergePatch';

describe('createMergePatch', () => {
  it('sets changed values, nulls removed keys and replaces arrays whole', () => {
    expect(
      createMergePatch(
        {
          spec: {
            analysis: { stepWeights: [1, 5], threshold: 2, interval: '1m' },
            list: [{ a: 1 }, { b: 2 }],
          },
          keep: 'x',
        },
        {
          spec: {
            analysis: { stepWeight: 10, threshold: 2, interval: '1m' },
            list: [{ a: 1 }],
          },
          keep: 'x',
        },
      ),
    ).toEqual({
      spec: {
        analysis: { stepWeights: null, stepWeight: 10 },
        list: [{ a: 1 }],
      },
    });
  });

  it('is undefined when nothing differs', () => {
    expect(createMergePatch({ a: { b: [1] } }, { a: { b: [1] } })).toBe(
      undefined,
    );
  });
});
