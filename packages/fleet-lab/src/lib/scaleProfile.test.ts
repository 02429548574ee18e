import { parse } from 'yaml';
import { labConfig } from './config';
import { renderKubeconfig } from './kubeconfig';
import {
  DEFAULT_PROFILE,
  checkProfileChange,
  clientUrl,
  parseScaleProfile,
  scaleLabConfig,
} from './scaleProfile';

const env = { CANARY_LAB_PORT_OFFSET: '1000' };

describe('scale profile topology', () => {
  it('leaves the demo lab as it is', () => {
    const base = labConfig({});
    expect(scaleLabConfig(base, DEFAULT_PROFILE, 0)).toEqual(base);
    expect(base.clusters.map(c => [c.name, c.apiserverPort])).toEqual([
      ['host', 16443],
      ['kurator-member1', 16444],
      ['kurator-member2', 16445],
    ]);
  });

  it('adds members 3..N and a proxy per cluster, every port shifted by the offset', () => {
    const config = scaleLabConfig(
      labConfig(env),
      { members: 20, canaries: 100, latencyMs: 50 },
      1000,
    );
    expect(config.clusters).toHaveLength(21);
    expect(config.clusters.map(c => c.name)).toEqual([
      'host',
      ...Array.from({ length: 20 }, (_, i) => `kurator-member${i + 1}`),
    ]);
    const host = config.clusters[0];
    expect(host).toEqual({
      name: 'host',
      role: 'host',
      apiserverPort: 17443,
      proxyPort: 19443,
    });
    expect(config.clusters[1]).toMatchObject({
      apiserverPort: 17444,
      prometheusPort: 20090,
      proxyPort: 19444,
    });
    expect(config.clusters[3]).toEqual({
      name: 'kurator-member3',
      role: 'member',
      apiserverPort: 17446,
      prometheusPort: 20103,
      proxyPort: 19446,
      scrapeIntervalSeconds: 5,
    });
    expect(config.clusters[2].scrapeIntervalSeconds).toBeUndefined();
    expect(config.clusters[20]).toMatchObject({
      apiserverPort: 17463,
      prometheusPort: 20120,
      proxyPort: 19463,
    });

    // No port is used twice, none is the daemon's or etcd's...
    const ports = [
      config.etcdClientPort,
      config.etcdPeerPort,
      config.daemonPort,
      ...config.clusters.flatMap(c =>
        [c.apiserverPort, c.prometheusPort, c.proxyPort].filter(
          (p): p is number => p !== undefined,
        ),
      ),
    ];
    expect(new Set(ports).size).toBe(ports.length);
    // ...and none is a port of a demo lab without offset.
    const demo = labConfig({});
    const demoPorts = new Set([
      demo.etcdClientPort,
      demo.etcdPeerPort,
      ...Array.from({ length: 11 }, (_, i) => 19090 + i),
      ...demo.clusters.map(c => c.apiserverPort),
    ]);
    expect(ports.filter(p => demoPorts.has(p))).toEqual([]);
  });

  it('keeps the largest lab inside its port blocks', () => {
    const config = scaleLabConfig(
      labConfig({}),
      { members: 50, canaries: 0, latencyMs: 1 },
      0,
    );
    const last = config.clusters[50];
    expect(last.apiserverPort).toBe(16493);
    expect(last.prometheusPort).toBe(19150);
    expect(last.proxyPort).toBe(18493);
  });

  it('points kubeconfigs at the proxy when there is latency', () => {
    const [withProxy] = scaleLabConfig(
      labConfig(env),
      { members: 3, canaries: 1, latencyMs: 50 },
      1000,
    ).clusters.slice(3);
    const kubeconfig = parse(
      renderKubeconfig({
        clusterName: withProxy.name,
        server: clientUrl(withProxy),
        caPem: 'CA',
        userName: 'lab-admin',
        token: 't',
      }),
    );
    expect(kubeconfig.clusters).toEqual([
      {
        name: 'kurator-member3',
        cluster: expect.objectContaining({ server: 'https://127.0.0.1:19446' }),
      },
    ]);
    expect(kubeconfig['current-context']).toBe('kurator-member3');

    const [noLatency] = scaleLabConfig(
      labConfig(env),
      { members: 3, canaries: 1, latencyMs: 0 },
      1000,
    ).clusters.slice(3);
    expect(noLatency.proxyPort).toBeUndefined();
    expect(clientUrl(noLatency)).toBe('https://127.0.0.1:17446');
  });

  it('parses the options, keeping what is not given from the running lab', () => {
    const running = { members: 20, canaries: 100, latencyMs: 50 };
    expect(parseScaleProfile({}, running)).toEqual(running);
    expect(parseScaleProfile({ latency: '0' }, running)).toEqual({
      ...running,
      latencyMs: 0,
    });
    expect(parseScaleProfile({ members: '3', canaries: '5' })).toEqual({
      members: 3,
      canaries: 5,
      latencyMs: 0,
    });
    expect(() => parseScaleProfile({ members: '1' })).toThrow(
      '--members must be a whole number from 2 to 50, got "1"',
    );
    expect(() => parseScaleProfile({ latency: 'fast' })).toThrow(/--latency/);
    expect(() => parseScaleProfile({ canaries: '2.5' })).toThrow(/--canaries/);
  });

  it('refuses to shrink a lab', () => {
    const running = { members: 5, canaries: 10, latencyMs: 0 };
    expect(() =>
      checkProfileChange(running, { ...running, latencyMs: 80 }),
    ).not.toThrow();
    expect(() =>
      checkProfileChange(running, { ...running, members: 3 }),
    ).toThrow(/yarn lab reset/);
    expect(() =>
      checkProfileChange(running, { ...running, canaries: 1 }),
    ).toThrow(/cannot shrink to 5 x 1/);
  });
});
