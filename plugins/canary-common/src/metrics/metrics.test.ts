import { makeCanary } from '../__testUtils__/makeCanary';
import {
  BUILTIN_QUERY_TEMPLATES,
  selectMetricsObserver,
  type MetricsObserver,
} from './builtinQueries';
import { renderCanaryMetricQueries } from './canaryMetricQueries';
import { evaluateMetricValue, getMetricThreshold } from './metricUnits';
import {
  renderFlaggerTemplate,
  TemplateRenderError,
  type MetricTemplateModel,
} from './renderFlaggerTemplate';
import type { MetricTemplate } from '../model/metricTemplate';
import { validateCanaryManifest } from '../policy/validateManifests';

const model: MetricTemplateModel = {
  name: 'podinfo',
  namespace: 'test',
  target: 'podinfo',
  service: 'podinfo',
  ingress: 'podinfo',
  route: 'podinfo',
  interval: '1m',
  variables: { reference: 'app' },
};

describe('renderFlaggerTemplate', () => {
  it('renders functions and variables', () => {
    expect(
      renderFlaggerTemplate(
        'x{ns="{{ namespace }}",t=~"{{target}}",v="{{ variables.reference }}"}[{{ interval }}]',
        model,
      ),
    ).toBe('x{ns="test",t=~"podinfo",v="app"}[1m]');
  });

  it('fails on a missing variable key like missingkey=error', () => {
    expect(() => renderFlaggerTemplate('{{ variables.nope }}', model)).toThrow(
      TemplateRenderError,
    );
    expect(() => renderFlaggerTemplate('{{ variables.nope }}', model)).toThrow(
      /templateVariables.nope/,
    );
  });

  it('supports printf, $variables and trim markers (the skipper prelude)', () => {
    expect(
      renderFlaggerTemplate(
        'a {{- $r := printf "kube_%s__%s" namespace ingress }} {{ $r }}|{{ printf "%s-x" target }}',
        model,
      ),
    ).toBe('a kube_test__podinfo|podinfo-x');
  });

  it('rejects unknown functions', () => {
    expect(() => renderFlaggerTemplate('{{ .namespace }}', model)).toThrow(
      /not defined/,
    );
  });
});

describe('builtin queries', () => {
  const canary = makeCanary({
    interval: '1m',
    threshold: 5,
    stepWeight: 10,
    metrics: [
      {
        name: 'request-success-rate',
        thresholdRange: { min: 99 },
        interval: '1m',
      },
      {
        name: 'request-duration',
        thresholdRange: { max: 500 },
        interval: '30s',
      },
    ],
  });

  it('renders the exact Istio success-rate query and its primary twin', () => {
    const [rate, duration] = renderCanaryMetricQueries(canary);
    expect(rate.query).toBe(
      'sum(rate(istio_requests_total{reporter="destination", destination_workload_namespace="test", destination_workload=~"podinfo", response_code!~"5.*"}[1m])) / sum(rate(istio_requests_total{reporter="destination", destination_workload_namespace="test", destination_workload=~"podinfo"}[1m])) * 100',
    );
    expect(rate.primaryQuery).toContain(
      'destination_workload=~"podinfo-primary"',
    );
    expect(rate.threshold).toMatchObject({ min: 99, unit: 'percent' });
    expect(duration.query).toBe(
      'histogram_quantile(0.99, sum(rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_workload_namespace="test", destination_workload=~"podinfo"}[30s])) by (le))',
    );
    expect(duration.threshold).toMatchObject({
      max: 500,
      unit: 'milliseconds',
      description: 'at most 500 ms',
    });
  });

  it('scales the HTTP observer duration from seconds to milliseconds', () => {
    const [, duration] = renderCanaryMetricQueries({
      ...canary,
      spec: { ...canary.spec, provider: 'kubernetes' },
    });
    expect(duration.observer).toBe('http');
    expect(duration.scale).toBe(1000);
  });

  it('renders the skipper prelude with non-word characters replaced', () => {
    const c = makeCanary(
      {
        interval: '1m',
        threshold: 1,
        stepWeight: 10,
        metrics: [{ name: 'request-success-rate', interval: '1m' }],
      },
      undefined,
      { provider: 'skipper' },
    );
    c.metadata.namespace = 'my-ns';
    const [rate] = renderCanaryMetricQueries(c);
    expect(rate.query).toContain(
      'route=~"kube(ew)?_my_ns__podinfo_canary__.*__podinfo_canary(_[0-9]+)?"',
    );
    expect(rate.primaryQuery).toContain('__podinfo_primary(_[0-9]+)?');
  });

  it('renders every observer without leftovers', () => {
    for (const observer of Object.keys(
      BUILTIN_QUERY_TEMPLATES,
    ) as MetricsObserver[]) {
      const t = BUILTIN_QUERY_TEMPLATES[observer];
      for (const q of [
        t.successRate,
        t.duration,
        t.primary?.successRate,
        t.primary?.duration,
      ]) {
        if (!q) continue;
        const out = renderFlaggerTemplate(q, model);
        expect(out).not.toMatch(/\{\{|\}\}/);
        expect(out).toContain('[1m]');
      }
    }
  });

  it('selects the observer like Flagger', () => {
    expect(selectMetricsObserver({})).toBe('istio');
    expect(selectMetricsObserver({ provider: 'gatewayapi:v1' })).toBe('http');
    expect(selectMetricsObserver({ provider: 'smi:v1alpha3' })).toBe('istio');
    expect(
      selectMetricsObserver({ provider: 'nginx', meshProvider: 'linkerd' }),
    ).toBe('linkerd');
    expect(selectMetricsObserver({ provider: 'kuma' })).toBe('kuma');
  });
});

describe('templated metrics', () => {
  const template: MetricTemplate = {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name: 'error-rate', namespace: 'flagger-system' },
    spec: {
      provider: { type: 'prometheus', address: 'http://prometheus:9090' },
      query: 'rate(x{pod=~"{{ target }}-.*"}[{{ interval }}])',
    },
  };

  it('renders canary and primary queries of a MetricTemplate', () => {
    const c = makeCanary({
      interval: '1m',
      threshold: 1,
      stepWeight: 10,
      metrics: [
        {
          name: 'error-rate',
          templateRef: { name: 'error-rate', namespace: 'flagger-system' },
          thresholdRange: { max: 1 },
          interval: '1m',
        },
      ],
    });
    const [m] = renderCanaryMetricQueries(c, { templates: [template] });
    expect(m).toMatchObject({
      source: 'template',
      query: 'rate(x{pod=~"podinfo-.*"}[1m])',
      primaryQuery: 'rate(x{pod=~"podinfo-primary-.*"}[1m])',
      threshold: { max: 1, unit: 'value' },
      problems: [],
    });
  });

  it('says when a templated metric has no interval or no template', () => {
    const c = makeCanary({
      interval: '1m',
      threshold: 1,
      stepWeight: 10,
      metrics: [{ name: 'error-rate', templateRef: { name: 'missing' } }],
    });
    const [m] = renderCanaryMetricQueries(c, { templates: [template] });
    expect(m.problems.join(' ')).toMatch(
      /no interval.*MetricTemplate test\/missing was not found/,
    );
  });
});

describe('a query without {{ target }} (the same data for the canary and the primary)', () => {
  const kuma: MetricTemplate = {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: { name: 'kuma-request-success-rate', namespace: 'test' },
    spec: {
      provider: { type: 'prometheus', address: 'http://prometheus:9090' },
      query:
        'sum(rate(http_requests_total{status!~"5.*"}[{{ interval }}])) / sum(rate(http_requests_total[{{ interval }}])) * 100',
    },
  };

  it('says so in the metric problems the chart shows', () => {
    const c = makeCanary({
      interval: '1m',
      threshold: 1,
      stepWeight: 10,
      metrics: [
        {
          name: 'kuma-request-success-rate',
          templateRef: { name: 'kuma-request-success-rate' },
          thresholdRange: { min: 99 },
          interval: '1m',
        },
      ],
    });
    const [m] = renderCanaryMetricQueries(c, { templates: [kuma] });
    expect(m.query).toBe(m.primaryQuery);
    expect(m.problems).toEqual([
      expect.stringMatching(
        /^MetricTemplate test\/kuma-request-success-rate \(metric kuma-request-success-rate\) reads the same data for the canary and the primary/,
      ),
    ]);
  });

  it('is a warning (not an error) of a Canary with such an inline query', () => {
    const c = makeCanary({
      interval: '1m',
      threshold: 1,
      stepWeight: 10,
      metrics: [
        {
          name: 'ok-rate',
          query: kuma.spec.query,
          thresholdRange: { min: 99 },
          interval: '1m',
        },
      ],
    });
    const issues = validateCanaryManifest(c).filter(i =>
      i.message.includes('the same data'),
    );
    expect(issues).toEqual([
      {
        path: 'spec.analysis.metrics[0].query',
        severity: 'warning',
        message: expect.stringContaining('it has no {{ target }}'),
      },
    ]);
  });
});

describe('thresholds', () => {
  it('reads the deprecated threshold as min for success rate and max otherwise', () => {
    expect(
      getMetricThreshold({ name: 'request-success-rate', threshold: 99 }),
    ).toMatchObject({ min: 99, description: 'at least 99%' });
    expect(
      getMetricThreshold({ name: 'request-duration', threshold: 500 }),
    ).toMatchObject({ max: 500 });
    expect(
      getMetricThreshold({
        name: 'x',
        templateRef: { name: 'x' },
        threshold: 5,
      }),
    ).toMatchObject({ max: 5, unit: 'value' });
  });

  it('evaluates values against the range', () => {
    expect(evaluateMetricValue(98, { min: 99 })).toEqual({
      ok: false,
      violated: 'min',
    });
    expect(evaluateMetricValue(600, { max: 500 })).toEqual({
      ok: false,
      violated: 'max',
    });
    expect(evaluateMetricValue(Number.NaN, { max: 500 })).toEqual({
      ok: false,
      violated: 'no-value',
    });
    expect(evaluateMetricValue(99.5, { min: 99, max: 100 })).toEqual({
      ok: true,
    });
  });
});
