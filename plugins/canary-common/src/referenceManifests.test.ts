import { readManifest } from './model/manifests';
import type { Application } from './model/application';
import type { Canary } from './model/canary';
import type { MetricTemplate } from './model/metricTemplate';
import { upgradeCanaryManifest } from './model/upgradeCanary';
import {
  parseFlaggerCanary,
  renderFlaggerCanary,
} from './policy/flaggerCanary';
import {
  parseKuratorRollout,
  renderKuratorRollout,
} from './policy/kuratorRollout';
import {
  validateApplicationManifest,
  validateCanaryManifest,
} from './policy/validateManifests';
import { renderKuratorApplication } from './kurator/kuratorCanaryMapping';
import { describeRolloutState } from './rollout/rolloutState';
import {
  listYamlFiles,
  loadSeedManifests,
  loadYamlDocuments,
} from '@backstage-canary/conformance';
import { crdErrors } from './__testUtils__/crdConformance';

type Doc = { source: string; doc: Record<string, any> };

const docs: Doc[] = [];
for (const file of [
  ...listYamlFiles('flagger/examples'),
  ...listYamlFiles('kurator/examples/rollout'),
  ...listYamlFiles('kurator/examples/fleet'),
]) {
  loadYamlDocuments(file).forEach((doc, i) =>
    docs.push({ source: `${file}#${i}`, doc: doc as Record<string, any> }),
  );
}
loadSeedManifests().forEach(({ file, doc }, i) =>
  docs.push({ source: `seeds/${file}#${i}`, doc }),
);

const relevant = docs.filter(d =>
  ['Canary', 'Application', 'MetricTemplate'].includes(d.doc.kind),
);

// Documentation fragments ("omitted for brevity" snippets, placeholder templates, a wrong
// apiVersion in Flagger's docs): each must be refused with an issue naming what is missing.
const FRAGMENTS: Record<string, string> = {
  'flagger/examples/gatewayapi-progressive-delivery--06.yaml#0':
    'spec.targetRef',
  'flagger/examples/gatewayapi-progressive-delivery--07.yaml#0':
    'spec.targetRef',
  'flagger/examples/gatewayapi-progressive-delivery--08.yaml#0':
    'spec.targetRef',
  'flagger/examples/gatewayapi-progressive-delivery--09.yaml#0':
    'spec.targetRef',
  'flagger/examples/gatewayapi-progressive-delivery--10.yaml#0':
    'spec.targetRef',
  'flagger/examples/istio-progressive-delivery--03.yaml#0': 'spec.targetRef',
  'flagger/examples/istio-progressive-delivery--04.yaml#0': 'metadata',
  'flagger/examples/zero-downtime-deployments--01.yaml#0': 'metadata',
  'flagger/examples/metrics--01.yaml#0': 'spec.provider.type',
  'flagger/examples/metrics--05.yaml#0': 'spec.query',
  'flagger/examples/metrics--07.yaml#0': 'apiVersion',
  'flagger/examples/metrics--10.yaml#0': 'spec.query',
};
const isSeedFragment = (d: Doc) =>
  d.source.startsWith('seeds/') && d.doc.spec === undefined;

const complete = relevant.filter(
  d => !(d.source in FRAGMENTS) && !isSeedFragment(d),
);
const templatesOf = (source: string): MetricTemplate[] =>
  complete
    .filter(
      d =>
        d.source.split('#')[0] === source.split('#')[0] &&
        d.doc.kind === 'MetricTemplate',
    )
    .map(d => readManifest(d.doc))
    .flatMap(r => (r.ok && r.kind === 'MetricTemplate' ? [r.object] : []));

describe('reference manifests', () => {
  it('finds the Canaries, Applications and MetricTemplates of the reference and seeds', () => {
    expect(
      complete.filter(d => d.doc.kind === 'Canary').length,
    ).toBeGreaterThanOrEqual(20);
    expect(complete.filter(d => d.doc.kind === 'Application').length).toBe(11);
    expect(
      complete.filter(d => d.doc.kind === 'MetricTemplate').length,
    ).toBeGreaterThanOrEqual(20);
    expect(
      complete.some(
        d => d.source.startsWith('seeds/') && d.doc.kind === 'Canary',
      ),
    ).toBe(true);
  });

  it.each(Object.entries(FRAGMENTS))(
    'refuses fragment %s naming %s',
    (source, field) => {
      const doc = relevant.find(d => d.source === source)!;
      const result = readManifest(doc.doc);
      expect(result.ok).toBe(false);
      expect(!result.ok && result.issues.map(i => i.path)).toContain(field);
    },
  );

  it.each(complete.map(d => [d.source, d] as const))(
    '%s parses and is accepted by its CRD',
    (_s, d) => {
      const result = readManifest(d.doc);
      expect(result).toMatchObject({ ok: true, kind: d.doc.kind });
      expect(result.ok ? crdErrors(result.object) : ['not read']).toEqual([]);
    },
  );

  it.each(
    complete
      .filter(d => d.doc.kind === 'Canary')
      .map(d => [d.source, d] as const),
  )(
    'Canary %s validates and round-trips through the policy model',
    (source, d) => {
      expect(
        validateCanaryManifest(d.doc).filter(i => i.severity === 'error'),
      ).toEqual([]);
      const read = readManifest(d.doc);
      if (!read.ok || read.kind !== 'Canary') throw new Error('not a canary');
      const { policy } = parseFlaggerCanary(read.object, templatesOf(source));
      const rendered = renderFlaggerCanary(policy);
      expect(crdErrors(rendered.canary)).toEqual([]);
      for (const t of rendered.metricTemplates)
        expect(crdErrors(t)).toEqual([]);
      expect(
        parseFlaggerCanary(rendered.canary, rendered.metricTemplates).policy,
      ).toEqual(policy);
    },
  );

  it.each(
    complete
      .filter(d => d.doc.kind === 'Application')
      .map(d => [d.source, d] as const),
  )(
    'Application %s validates, round-trips exactly and maps to valid Canaries',
    (source, d) => {
      const errors = validateApplicationManifest(d.doc)
        .filter(i => i.severity === 'error')
        .map(i => i.path);
      // Kurator's own example has an invalid name (CustomMetric-demo).
      expect(errors).toEqual(
        source.includes('canaryWithCustomMetric') ? ['metadata.name'] : [],
      );
      const app = d.doc as Application;
      for (const policy of app.spec.syncPolicies) {
        if (!policy.rollout) continue;
        const parsed = parseKuratorRollout(policy.rollout);
        expect(renderKuratorRollout(parsed)).toEqual(policy.rollout);
      }
      const renderings = renderKuratorApplication(app, [
        { name: 'kurator-member1', kind: 'AttachedCluster' },
        { name: 'kurator-member2', kind: 'AttachedCluster' },
      ]);
      expect(renderings).toHaveLength(2);
      for (const r of renderings) {
        expect(crdErrors(r.canary!)).toEqual([]);
        for (const t of r.metricTemplates) expect(crdErrors(t)).toEqual([]);
      }
    },
  );
});

describe('legacy Flagger + Istio seed', () => {
  const legacy = complete.find(
    d => d.source.startsWith('seeds/') && d.doc.kind === 'Canary',
  )!.doc;

  it('upgrades flagger.app/v1alpha3 to v1beta1 and says what changed', () => {
    expect(
      crdErrors({ ...legacy, apiVersion: 'flagger.app/v1beta1' }),
    ).toContain("upstream: /spec must have required property 'analysis'");
    const { manifest, changes } = upgradeCanaryManifest(legacy);
    expect(changes.map(c => c.path)).toEqual([
      'apiVersion',
      'spec.canaryAnalysis',
      'spec.analysis.metrics[0].threshold',
      'spec.analysis.metrics[1].threshold',
      'spec.autoscalerRef.apiVersion',
    ]);
    expect(crdErrors(manifest as Canary)).toEqual([]);
    expect((manifest as Canary).spec.analysis?.metrics).toEqual([
      {
        interval: '1m',
        name: 'request-success-rate',
        thresholdRange: { min: 99 },
      },
      {
        interval: '30s',
        name: 'request-duration',
        thresholdRange: { max: 500 },
      },
    ]);
    expect(legacy.apiVersion).toBe('flagger.app/v1alpha3');
  });
});

describe('Kurator seeds', () => {
  it('reads the per-cluster rollout status of the Istio guide', () => {
    const app = complete.find(
      d => d.source.startsWith('seeds/001') && d.doc.kind === 'Application',
    )!.doc as Application;
    const status = app.status?.syncStatus?.[0].rolloutStatus;
    expect(status?.clusterName).toBe('kurator-member1');
    expect(status?.rolloutStatusInCluster?.phase).toBe('Initialized');
    const rendering = renderKuratorApplication(app, [
      { name: 'kurator-member1', kind: 'AttachedCluster' },
    ])[0];
    expect(rendering.syncStatusName).toBe(app.status?.syncStatus?.[0].name);
    const canary = {
      ...rendering.canary!,
      status: status?.rolloutStatusInCluster,
    };
    expect(describeRolloutState(canary)).toMatchObject({
      label: 'Initialized',
      kuratorPolicy: 'rollout-demo-0',
    });
  });
});
