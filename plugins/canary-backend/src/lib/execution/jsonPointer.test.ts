import { patchIsNoop, valueAt } from './jsonPointer';

const application = {
  spec: {
    syncPolicies: [{ rollout: { rolloutPolicy: { suspend: true, 'a/b': 1 } } }],
  },
};

describe('valueAt', () => {
  it('follows object keys and array indexes, with escaped slashes', () => {
    expect(
      valueAt(
        application,
        '/spec/syncPolicies/0/rollout/rolloutPolicy/suspend',
      ),
    ).toBe(true);
    expect(
      valueAt(application, '/spec/syncPolicies/0/rollout/rolloutPolicy/a~1b'),
    ).toBe(1);
    expect(
      valueAt(application, '/spec/syncPolicies/1/rollout'),
    ).toBeUndefined();
  });
});

describe('patchIsNoop', () => {
  it('is true when every value is already in place', () => {
    expect(
      patchIsNoop(application, [
        {
          op: 'add',
          path: '/spec/syncPolicies/0/rollout/rolloutPolicy/suspend',
          value: true,
        },
      ]),
    ).toBe(true);
  });

  it('is false when a value differs or an operation removes', () => {
    expect(
      patchIsNoop(application, [
        {
          op: 'replace',
          path: '/spec/syncPolicies/0/rollout/rolloutPolicy/suspend',
          value: false,
        },
      ]),
    ).toBe(false);
    expect(
      patchIsNoop(application, [
        {
          op: 'remove',
          path: '/spec/syncPolicies/0/rollout/rolloutPolicy/suspend',
        },
      ]),
    ).toBe(false);
  });
});
