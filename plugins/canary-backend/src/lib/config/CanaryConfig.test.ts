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
      fleetState: { enabled: true },
      retentionDays: 30,
      clusters: { requestTimeoutMs: 10_000, maxConcurrentRequests: 8 },
      prometheus: { requestTimeoutMs: 15_000 },
      catalog: { requestTimeoutMs: 10_000, maxConcurrentRequests: 8 },
      actions: { timeoutMs: 30_000 },
      access: { readGrantTtlMs: 10_000 },
    });
  });

  it('reads how long a granted read is remembered: zero remembers none, below zero is refused', () => {
    const ttl = (readGrantTtl: unknown) =>
      readCanaryConfig(
        new ConfigReader({ canary: { access: { readGrantTtl } } } as any),
      ).access.readGrantTtlMs;
    expect(ttl('30s')).toBe(30_000);
    expect(ttl({ seconds: 0 })).toBe(0);
    expect(() => ttl({ seconds: -1 })).toThrow(
      'canary.access.readGrantTtl must be zero (remember no grant) or longer, got -1000 ms',
    );
  });

  it('reads the rollout actions timeout, naming the key when it is not a duration', () => {
    expect(
      readCanaryConfig(
        new ConfigReader({ canary: { actions: { timeout: '12s' } } }),
      ).actions,
    ).toEqual({ timeoutMs: 12_000 });
    expect(() =>
      readCanaryConfig(
        new ConfigReader({ canary: { actions: { timeout: 'soon' } } }),
      ),
    ).toThrow(/canary\.actions\.timeout/);
  });

  it('reads the catalog timeout and concurrency', () => {
    const config = readCanaryConfig(
      new ConfigReader({
        canary: {
          catalog: { requestTimeout: '2s', maxConcurrentRequests: 3 },
        },
      }),
    );
    expect(config.catalog).toEqual({
      requestTimeoutMs: 2_000,
      maxConcurrentRequests: 3,
    });
  });

  it('reads the timeouts as durations and the concurrency per cluster', () => {
    const config = readCanaryConfig(
      new ConfigReader({
        canary: {
          clusters: { requestTimeout: '3s', maxConcurrentRequests: 2 },
          prometheus: { requestTimeout: { seconds: 30 } },
        },
      }),
    );
    expect(config.clusters).toEqual({
      requestTimeoutMs: 3_000,
      maxConcurrentRequests: 2,
    });
    expect(config.prometheus).toEqual({ requestTimeoutMs: 30_000 });
  });

  it('names the timeout and concurrency keys and what is allowed', () => {
    const read = (canary: object) => () =>
      readCanaryConfig(new ConfigReader({ canary }));
    expect(read({ clusters: { requestTimeout: 'soon' } })).toThrow(
      /^canary\.clusters\.requestTimeout must be a duration such as \{ seconds: 10 \} or '10s'/,
    );
    expect(read({ prometheus: { requestTimeout: { seconds: 0 } } })).toThrow(
      'canary.prometheus.requestTimeout must be longer than zero, got 0 ms',
    );
    expect(read({ clusters: { maxConcurrentRequests: 0 } })).toThrow(
      'canary.clusters.maxConcurrentRequests must be a whole number, at least 1, got 0',
    );
    expect(read({ catalog: { requestTimeout: 'never' } })).toThrow(
      /^canary\.catalog\.requestTimeout must be a duration/,
    );
    expect(read({ catalog: { maxConcurrentRequests: 1.5 } })).toThrow(
      'canary.catalog.maxConcurrentRequests must be a whole number, at least 1, got 1.5',
    );
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

  it('reads whether this instance records, watches the fleet, and the retention', () => {
    const config = readCanaryConfig(
      new ConfigReader({
        canary: {
          recorder: { enabled: false },
          fleetState: { enabled: false },
          history: { retentionDays: 7 },
        },
      }),
    );
    expect(config.recorder).toEqual({ enabled: false });
    expect(config.fleetState).toEqual({ enabled: false });
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
