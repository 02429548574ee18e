import { ConfigReader } from '@backstage/config';
import { backstageClusterName, readCanaryConfig } from './CanaryConfig';

describe('readCanaryConfig', () => {
  it('reads the host cluster and the Kurator to Backstage cluster names', () => {
    const config = readCanaryConfig(
      new ConfigReader({
        canary: {
          hostCluster: 'fleet-host',
          clusterNames: { 'kurator-member1': 'prod-eu-1' },
        },
      }),
    );
    expect(config.hostCluster).toBe('fleet-host');
    expect(backstageClusterName(config, 'kurator-member1')).toBe('prod-eu-1');
    expect(backstageClusterName(config, 'kurator-member2')).toBe(
      'kurator-member2',
    );
  });

  it('works without any canary configuration', () => {
    expect(readCanaryConfig(new ConfigReader({}))).toEqual({
      hostCluster: undefined,
      clusterNames: {},
      recorder: { enabled: true },
      retentionDays: 30,
    });
  });

  it('names the key of an empty cluster name', () => {
    expect(() =>
      readCanaryConfig(
        new ConfigReader({
          canary: { clusterNames: { 'kurator-member1': ' ' } },
        }),
      ),
    ).toThrow(
      'canary.clusterNames.kurator-member1 must name a cluster configured for the Kubernetes plugin',
    );
  });

  it('rejects a cluster name that is not a string, naming the key', () => {
    expect(() =>
      readCanaryConfig(
        new ConfigReader({
          canary: { clusterNames: { 'kurator-member1': 7 } },
        }),
      ),
    ).toThrow(/canary\.clusterNames\.kurator-member1/);
  });

  it('reads whether this instance records, and the retention', () => {
    const config = readCanaryConfig(
      new ConfigReader({
        canary: {
          recorder: { enabled: false },
          history: { retentionDays: 7 },
        },
      }),
    );
    expect(config.recorder).toEqual({ enabled: false });
    expect(config.retentionDays).toBe(7);
  });

  it('names the retention key and what is allowed', () => {
    expect(() =>
      readCanaryConfig(
        new ConfigReader({ canary: { history: { retentionDays: 0.5 } } }),
      ),
    ).toThrow(
      'canary.history.retentionDays must be a whole number of days, at least 1, got 0.5',
    );
  });
});
