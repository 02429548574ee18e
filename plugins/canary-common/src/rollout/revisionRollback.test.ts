import {
  canRollBackTo,
  describeRevisionRollback,
  planRevisionRollback,
} from './revisionRollback';

const deployment = (images: string[]) => ({
  metadata: { name: 'backend', resourceVersion: '12' },
  spec: {
    template: {
      spec: {
        containers: images.map((image, i) => ({
          name: i === 0 ? 'backend' : `sidecar-${i}`,
          image,
        })),
      },
    },
  },
});

describe('planRevisionRollback', () => {
  it('replaces only the images that differ, each pinned to its container name', () => {
    const plan = planRevisionRollback(
      deployment(['podinfo:6.0.1', 'envoy:1.30']),
      ['podinfo:6.0.0', 'envoy:1.30'],
    );
    expect(plan).toEqual({
      changed: true,
      changes: ['backend: podinfo:6.0.1 -> podinfo:6.0.0'],
      jsonPatch: [
        {
          op: 'test',
          path: '/spec/template/spec/containers/0/name',
          value: 'backend',
        },
        {
          op: 'replace',
          path: '/spec/template/spec/containers/0/image',
          value: 'podinfo:6.0.0',
        },
      ],
    });
  });

  it('changes nothing when the workload already runs the revision', () => {
    expect(
      planRevisionRollback(deployment(['podinfo:6.0.0']), ['podinfo:6.0.0']),
    ).toEqual({ changed: false, changes: [], jsonPatch: [] });
  });

  it('refuses a workload whose containers do not match the recorded images, naming it', () => {
    expect(() =>
      planRevisionRollback(deployment(['a:1', 'b:1']), ['a:0']),
    ).toThrow(
      'backend has 2 container(s) but the revision recorded 1 image(s)',
    );
    expect(() => planRevisionRollback(deployment(['a:1']), [])).toThrow(
      'The revision has no recorded images, so backend cannot be rolled back to it.',
    );
  });
});

describe('canRollBackTo', () => {
  const run = {
    id: 1,
    number: 1,
    revision: 'r1',
    images: ['podinfo:6.0.0'],
    startedAt: '2026-01-01T00:00:00Z',
  };
  it('offers only succeeded runs with other images than the running ones', () => {
    expect(
      canRollBackTo({ ...run, outcome: 'Succeeded' }, ['podinfo:6.0.1']),
    ).toBe(true);
    expect(
      canRollBackTo({ ...run, outcome: 'Succeeded' }, ['podinfo:6.0.0']),
    ).toBe(false);
    expect(
      canRollBackTo({ ...run, outcome: 'Failed' }, ['podinfo:6.0.1']),
    ).toBe(false);
    expect(canRollBackTo(run, ['podinfo:6.0.1'])).toBe(false);
    expect(
      canRollBackTo({ ...run, outcome: 'Succeeded', images: [] }, ['x']),
    ).toBe(false);
  });
});

describe('describeRevisionRollback', () => {
  it('says a Kurator rollback reaches every member, names the unreachable ones and the Git source', () => {
    const text = describeRevisionRollback({
      run: { number: 3, images: ['podinfo:6.0.0'] },
      workload: 'backend',
      cluster: 'kurator-member1',
      kurator: {
        application: 'webapp/rollout-demo',
        clusters: ['kurator-member1', 'kurator-member2'],
        unreachable: ['kurator-member2'],
      },
    });
    expect(text).toContain(
      'Deployment backend on every member of the policy (kurator-member1, kurator-member2) back to revision #3 (podinfo:6.0.0)',
    );
    expect(text).toContain('Flagger analyses this as a new revision');
    expect(text).toContain('kurator-member2 cannot be reached now');
    expect(text).toContain(
      "Application webapp/rollout-demo's source (Git) still names the newer revision",
    );
  });
});
