import { z } from 'zod';
import {
  CrdValidator,
  listYamlFiles,
  loadSeedManifests,
  loadYamlDocuments,
  upstreamCrds,
} from '@backstage-canary/conformance';
import {
  type CustomResourceDefinition,
  flaggerCustomResourceDefinitions,
  kuratorCustomResourceDefinitions,
} from './customResourceDefinitions';
import { type JsonSchemaProps, structuralSchemaOf } from './structuralSchema';

const generated = [
  ...flaggerCustomResourceDefinitions(),
  ...kuratorCustomResourceDefinitions(),
];
const upstream = new CrdValidator({ upstream: upstreamCrds() });
const ours = new CrdValidator({ generated });

type Doc = { source: string; doc: Record<string, any> };
const referenceDocs: Doc[] = [
  ...[
    ...listYamlFiles('flagger/examples'),
    ...listYamlFiles('kurator/examples/rollout'),
    ...listYamlFiles('kurator/examples/fleet'),
  ].flatMap(file =>
    loadYamlDocuments(file).map((doc, i) => ({
      source: `${file}#${i}`,
      doc: doc as Record<string, any>,
    })),
  ),
  ...loadSeedManifests().map(({ file, doc }, i) => ({
    source: `seeds/${file}#${i}`,
    doc,
  })),
];

/** Every place in a schema that breaks Kubernetes' rules for structural schemas. */
function structuralViolations(node: JsonSchemaProps, at: string): string[] {
  const out: string[] = [];
  const free =
    node['x-kubernetes-preserve-unknown-fields'] ||
    node['x-kubernetes-int-or-string'];
  if (!node.type && !free) out.push(`${at}: no type`);
  if (node.properties && node.additionalProperties) {
    out.push(`${at}: properties and additionalProperties together`);
  }
  if (node.type === 'array' && !node.items)
    out.push(`${at}: array without items`);
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    out.push(...structuralViolations(child, `${at}.${name}`));
  }
  if (node.additionalProperties) {
    out.push(...structuralViolations(node.additionalProperties, `${at}.*`));
  }
  if (node.items) out.push(...structuralViolations(node.items, `${at}[]`));
  return out;
}

const schemaOf = (crd: CustomResourceDefinition) =>
  crd.spec.versions[0].schema.openAPIV3Schema;

describe('generated CRDs', () => {
  it.each(generated.map(crd => [crd.metadata.name, crd]))(
    '%s has the upstream CRD names, group, scope and version',
    (_name, crd) => {
      const theirs = upstreamCrds().find(
        u => (u as any).metadata.name === crd.metadata.name,
      ) as any;
      expect(theirs).toBeDefined();
      expect(crd.spec.group).toBe(theirs.spec.group);
      expect(crd.spec.scope).toBe(theirs.spec.scope);
      expect(crd.spec.names).toMatchObject({
        kind: theirs.spec.names.kind,
        plural: theirs.spec.names.plural,
        singular: theirs.spec.names.singular,
      });
      const storage = theirs.spec.versions.find((v: any) => v.storage);
      expect(crd.spec.versions.map(v => v.name)).toEqual([storage.name]);
      expect(Boolean(storage.subresources?.status)).toBe(true);
    },
  );

  it.each(generated.map(crd => [crd.metadata.name, crd]))(
    '%s has a structural schema that says only `type: object` of metadata',
    (_name, crd) => {
      const schema = schemaOf(crd);
      expect(structuralViolations(schema, crd.spec.names.kind)).toEqual([]);
      expect(schema.properties?.metadata).toEqual({ type: 'object' });
      expect(schema['x-kubernetes-preserve-unknown-fields']).toBeUndefined();
    },
  );

  it('accepts every reference example and seed manifest the upstream CRDs accept', () => {
    const ofOurKinds = referenceDocs.filter(
      d => ours.knows(d.doc) && upstream.knows(d.doc),
    );
    const accepted = ofOurKinds.filter(
      d => upstream.errors(d.doc).length === 0,
    );
    // The reference holds no AlertProvider.
    expect(new Set(accepted.map(d => d.doc.kind))).toEqual(
      new Set([
        'Canary',
        'MetricTemplate',
        'Application',
        'Fleet',
        'AttachedCluster',
      ]),
    );
    expect(accepted.length).toBeGreaterThanOrEqual(59);
    const refused = accepted
      .map(d => ({ source: d.source, errors: ours.errors(d.doc) }))
      .filter(r => r.errors.length > 0);
    expect(refused).toEqual([]);
  });

  it('refuses what the product refuses: a Canary without a target', () => {
    const canary = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'x' },
      spec: { service: { port: 80 } },
    };
    expect(ours.errors(canary)).toEqual([
      "generated: /spec must have required property 'targetRef'",
    ]);
    expect(upstream.errors(canary)).toContain(
      "upstream: /spec must have required property 'targetRef'",
    );
  });
});

describe('generated Canary CRD', () => {
  it('refuses an interval or timeout that is not a Flagger duration, as the upstream CRD does', () => {
    const canary = (analysis: object) => ({
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'x' },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' },
        service: { port: 80 },
        analysis,
      },
    });
    const broken = canary({
      interval: 'one minute',
      metrics: [{ name: 'request-success-rate', interval: '1 m' }],
      webhooks: [{ name: 'load', url: 'http://x/', timeout: 'soon' }],
    });
    // (The upstream schema also says other things of this analysis: only the pattern matters here.)
    const paths = (errors: string[]) =>
      errors
        .filter(e => e.includes('must match pattern'))
        .map(e => e.replace(/^\w+: (\S+) .*$/, '$1'))
        .sort();
    const expected = [
      '/spec/analysis/interval',
      '/spec/analysis/metrics/0/interval',
      '/spec/analysis/webhooks/0/timeout',
    ];
    expect(paths(ours.errors(broken))).toEqual(expected);
    expect(paths(upstream.errors(broken))).toEqual(expected);
    expect(ours.errors(canary({ interval: '90s' }))).toEqual([]);
  });
});

describe('structuralSchemaOf', () => {
  it('writes number | string as int-or-string and a free-form map as preserved fields', () => {
    expect(
      structuralSchemaOf(
        z.looseObject({
          port: z.union([z.number(), z.string()]),
          labels: z.record(z.string(), z.string()),
          extra: z.record(z.string(), z.unknown()),
        }),
      ),
    ).toEqual({
      type: 'object',
      required: ['port', 'labels', 'extra'],
      'x-kubernetes-preserve-unknown-fields': true,
      properties: {
        port: { 'x-kubernetes-int-or-string': true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
  });

  it('names the field of a union with no structural form', () => {
    expect(() =>
      structuralSchemaOf(
        z.object({
          spec: z.object({ mode: z.union([z.string(), z.boolean()]) }),
        }),
        'Thing',
      ),
    ).toThrow(
      'Thing.spec.mode: a union of boolean, string has no structural form (only number | string does)',
    );
  });
});
