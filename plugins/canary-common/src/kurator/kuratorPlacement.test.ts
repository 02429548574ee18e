import type { Application } from '../model/application';
import {
  getKuratorPolicyDestination,
  getKuratorPolicyName,
  hasKuratorClusterSelector,
  isSelectedByKuratorDestination,
} from './kuratorPlacement';

const application = (spec: Partial<Application['spec']>) =>
  ({
    metadata: { name: 'rollout-demo', namespace: 'default' },
    spec: { source: {}, syncPolicies: [], ...spec },
  } as unknown as Application);

describe('getKuratorPolicyName', () => {
  it('is the policy name, or <application>-<index> when it has none or an empty one', () => {
    const app = application({});
    expect(getKuratorPolicyName(app, 1, { name: 'backend' })).toBe('backend');
    expect(getKuratorPolicyName(app, 1, {})).toBe('rollout-demo-1');
    expect(getKuratorPolicyName(app, 0, { name: '' })).toBe('rollout-demo-0');
  });
});

describe('getKuratorPolicyDestination', () => {
  it("takes the policy's destination over the Application's", () => {
    const app = application({ destination: { fleet: 'all' } });
    expect(
      getKuratorPolicyDestination(app, {
        destination: {
          fleet: 'quickstart',
          clusterSelector: { matchLabels: { env: 'prod' } },
        },
      }),
    ).toEqual({
      fleet: 'quickstart',
      clusterSelector: { matchLabels: { env: 'prod' } },
    });
    expect(getKuratorPolicyDestination(app, {})).toEqual({ fleet: 'all' });
  });

  it('is undefined when neither names a fleet', () => {
    expect(getKuratorPolicyDestination(application({}), {})).toBeUndefined();
  });
});

describe('isSelectedByKuratorDestination', () => {
  const destination = {
    fleet: 'quickstart',
    clusterSelector: { matchLabels: { env: 'prod', region: 'eu' } },
  };

  it('selects a member carrying every label of matchLabels', () => {
    expect(
      isSelectedByKuratorDestination(
        { env: 'prod', region: 'eu', extra: 'x' },
        destination,
      ),
    ).toBe(true);
    expect(isSelectedByKuratorDestination({ env: 'prod' }, destination)).toBe(
      false,
    );
    expect(
      isSelectedByKuratorDestination({ env: 'dev', region: 'eu' }, destination),
    ).toBe(false);
    expect(isSelectedByKuratorDestination(undefined, destination)).toBe(false);
    expect(hasKuratorClusterSelector(destination)).toBe(true);
  });

  it('selects every member without a selector', () => {
    expect(
      isSelectedByKuratorDestination(undefined, { fleet: 'quickstart' }),
    ).toBe(true);
    expect(
      isSelectedByKuratorDestination(
        {},
        { fleet: 'quickstart', clusterSelector: {} },
      ),
    ).toBe(true);
    expect(
      hasKuratorClusterSelector({ fleet: 'quickstart', clusterSelector: {} }),
    ).toBe(false);
  });
});
