import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  listYamlFiles,
  loadYamlDocuments,
} from '@backstage-canary/conformance';
import {
  type Application,
  renderKuratorApplication,
} from '@backstage-canary/plugin-canary-common';
import {
  policyResourceName,
  renderCanary,
  testloaderUrl,
} from './renderCanary';

/** Kurator's upstream rollout examples and the demo fleet's Applications. */
function applications(): Array<{ file: string; app: any }> {
  const upstream = listYamlFiles('kurator/examples/rollout').flatMap(file =>
    loadYamlDocuments(file).map(app => ({ file, app })),
  );
  const demoFile = path.resolve(
    __dirname,
    '../../../../../examples/fleet/host.yaml',
  );
  const demo = parseAllDocuments(fs.readFileSync(demoFile, 'utf8'))
    .map(d => d.toJS())
    .filter(d => d?.kind === 'Application')
    .map(app => ({ file: 'examples/fleet/host.yaml', app }));
  return [...upstream, ...demo].filter(
    ({ app }) => app?.kind === 'Application',
  );
}

describe('renderCanary', () => {
  const apps = applications();

  it('reads the examples', () => {
    expect(apps.length).toBeGreaterThanOrEqual(10);
  });

  // The lab renders Kurator's objects itself and the product predicts them for its previews and
  // diffs: both are written from rollout_helper.go, and must agree on every example.
  it.each(apps.map(({ file, app }) => [`${file} ${app.metadata.name}`, app]))(
    'agrees with the product’s prediction for %s',
    (_name, app) => {
      const cluster = {
        name: 'kurator-member1',
        kind: 'AttachedCluster' as const,
      };
      const predicted = renderKuratorApplication(
        app as Application,
        [cluster],
        {
          targetPorts: {},
        },
      );
      expect(predicted.length).toBeGreaterThan(0);
      for (const p of predicted) {
        const rollout = app.spec.syncPolicies[p.policyIndex].rollout;
        const rendered = renderCanary(rollout, {
          policyName: p.policyName,
          clusterName: cluster.name,
        });
        expect(rendered.spec).toEqual(p.canary?.spec);
        expect(rendered.metricTemplates).toEqual(p.metricTemplates);
        expect(testloaderUrl(rollout, cluster.name)).toBe(p.webhookUrl);
        expect(
          policyResourceName(p.policyName, cluster.kind, cluster.name),
        ).toBe(p.syncStatusName);
      }
    },
  );

  const base = {
    trafficRoutingProvider: 'istio',
    workload: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'backend',
      namespace: 'webapp',
    },
    serviceName: 'backend',
    port: 9898,
  };

  it('fails where Kurator’s reconciler fails or panics', () => {
    const options = { policyName: 'p', clusterName: 'm1' };
    expect(() =>
      renderCanary(
        { ...base, trafficRoutingProvider: 'linkerd', rolloutPolicy: {} },
        options,
      ),
    ).toThrow('unknown provider type linkerd');
    expect(() => renderCanary({ ...base, rolloutPolicy: {} }, options)).toThrow(
      'nil pointer',
    );
    expect(() =>
      renderCanary(
        {
          ...base,
          rolloutPolicy: {
            trafficRouting: {},
            trafficAnalysis: { metrics: [{ name: 'request-success-rate' }] },
          },
        },
        options,
      ),
    ).toThrow('intervalSeconds');
  });

  it('writes Kurator’s quirks: timeout 0s, the Kuma port 9898, a templateRef for every custom name', () => {
    const { spec } = renderCanary(
      {
        ...base,
        trafficRoutingProvider: 'kuma',
        port: 8080,
        rolloutPolicy: {
          trafficRouting: { canaryStrategy: { stepWeight: 10, maxWeight: 50 } },
          trafficAnalysis: {
            checkIntervalSeconds: 60,
            checkFailedTimes: 2,
            metrics: [{ name: 'error-rate', intervalSeconds: 60 }],
          },
        },
      },
      { policyName: 'p', clusterName: 'm1' },
    );
    expect(spec.service.timeout).toBe('0s');
    expect(spec.service.apex).toEqual({
      annotations: { '9898.service.kuma.io/protocol': 'http' },
    });
    expect(spec.analysis.metrics).toEqual([
      {
        name: 'error-rate',
        interval: '60s',
        templateRef: { name: 'error-rate', namespace: 'webapp' },
      },
    ]);
  });
});
