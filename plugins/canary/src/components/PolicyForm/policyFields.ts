import {
  FLAGGER_PROVIDERS,
  type RolloutPolicy,
} from '@backstage-canary/plugin-canary-common';
import type { FieldSpec } from './fieldSpec';
import { MATCH_FIELDS, STRATEGY_FIELDS } from './strategyFields';

/**
 * The fields of the policy form that edit the policy itself, one row each, grouped by section in
 * the order the section shows them (strategy rows: `strategyFields.ts`; metric rows:
 * `metricFields.ts`). Adding a field is adding a row here (and, for a field that is
 * not a plain property, binding it in its section). The labels are also the words of the
 * validation messages (`policyIssueMessages` in canary-common) and of the e2e tests: keep them in
 * step.
 */
type PolicyField = FieldSpec<RolloutPolicy>;

const withService = (
  p: RolloutPolicy,
  patch: Partial<RolloutPolicy['service']>,
) => ({ ...p, service: { ...p.service, ...patch } });
const withAnalysis = (
  p: RolloutPolicy,
  patch: Partial<RolloutPolicy['analysis']>,
) => ({ ...p, analysis: { ...p.analysis, ...patch } });
const withLoadTest = (
  p: RolloutPolicy,
  patch: Partial<NonNullable<RolloutPolicy['analysis']['loadTest']>>,
) =>
  p.analysis.loadTest
    ? withAnalysis(p, { loadTest: { ...p.analysis.loadTest, ...patch } })
    : p;
const isNginx = (p: RolloutPolicy) => p.provider === 'nginx';

/** Section "Workload": what is rolled out, and how traffic reaches it. */
export const WORKLOAD_FIELDS: PolicyField[] = [
  {
    id: 'workload-name',
    label: 'Workload name',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    // The service is named after the workload: one name for both.
    paths: ['workload.name', 'service.name'],
    get: p => p.workload.name,
    set: (p, name) => ({
      ...withService(p, { name }),
      workload: { ...p.workload, name },
    }),
  },
  {
    id: 'namespace',
    label: 'Namespace',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    paths: ['workload.namespace'],
    get: p => p.workload.namespace,
    set: (p, namespace) => ({ ...p, workload: { ...p.workload, namespace } }),
  },
  {
    id: 'service-port',
    label: 'Service port',
    kind: 'number',
    grid: { xs: 12, sm: 4 },
    paths: ['service.port'],
    get: p => p.service.port,
    // Left empty while retyped: validation reports it.
    set: (p, port) => withService(p, { port: port as number }),
  },
  {
    id: 'traffic-provider',
    label: 'Traffic provider',
    kind: 'select',
    options: FLAGGER_PROVIDERS.map(p => ({ value: p, label: p })),
    grid: { xs: 12, sm: 4 },
    paths: ['provider'],
    get: p => p.provider,
    set: (p, provider) => ({
      ...p,
      provider: provider as RolloutPolicy['provider'],
    }),
  },
  {
    id: 'host-kurator',
    label: 'Host (Kurator)',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    paths: ['service.host'],
    shown: isNginx,
    get: p => p.service.host,
    set: (p, host) => withService(p, { host: host || undefined }),
  },
  {
    id: 'ingress-name-native-canary',
    label: 'Ingress name (native canary)',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    paths: ['service.ingressName'],
    shown: isNginx,
    get: p => p.service.ingressName,
    set: (p, name) => withService(p, { ingressName: name || undefined }),
  },
];

/** Section "Analysis": how often the metrics are checked and how many failures roll back. */
export const ANALYSIS_FIELDS: PolicyField[] = [
  {
    id: 'analysis-interval-seconds',
    label: 'Analysis interval (seconds)',
    kind: 'number',
    grid: { xs: 12, sm: 6 },
    paths: ['analysis.intervalSeconds'],
    get: p => p.analysis.intervalSeconds,
    set: (p, seconds) =>
      withAnalysis(p, { intervalSeconds: seconds as number }),
  },
  {
    id: 'failed-checks-before-rollback',
    label: 'Failed checks before rollback',
    kind: 'number',
    grid: { xs: 12, sm: 6 },
    paths: ['analysis.threshold'],
    get: p => p.analysis.threshold,
    set: (p, threshold) => withAnalysis(p, { threshold: threshold as number }),
  },
];

/**
 * Section "Webhooks and gates", load test part. The command text is bound by `WebhooksSection`
 * (it keeps the text as typed); timeout and URL wait for a command.
 */
export const LOAD_TEST_FIELDS: PolicyField[] = [
  {
    id: 'load-test-command',
    label: 'Load test command',
    kind: 'text',
    multiline: true,
    placeholder: 'hey -z 1m -q 10 -c 2 http://podinfo-canary.test:9898/',
    grid: { xs: 12, sm: 8 },
    paths: p => [
      'analysis.loadTest',
      'analysis.loadTest.commands',
      ...(p.analysis.loadTest?.commands ?? []).map(
        (_, i) => `analysis.loadTest.commands[${i}]`,
      ),
    ],
  },
  {
    id: 'load-test-timeout',
    label: 'Timeout (s)',
    kind: 'number',
    grid: { xs: 6, sm: 2 },
    paths: ['analysis.loadTest.timeoutSeconds'],
    disabled: p => !p.analysis.loadTest,
    get: p => p.analysis.loadTest?.timeoutSeconds,
    set: (p, seconds) => withLoadTest(p, { timeoutSeconds: seconds as number }),
  },
  {
    id: 'loadtester-url',
    label: 'Loadtester URL',
    kind: 'text',
    grid: { xs: 6, sm: 2 },
    paths: ['analysis.loadTest.url'],
    disabled: p => !p.analysis.loadTest,
    get: p => p.analysis.loadTest?.url,
    set: (p, url) => withLoadTest(p, { url: url || undefined }),
  },
];

/** Section "Webhooks and gates", gates part: an empty URL means no gates. */
export const GATE_FIELDS: PolicyField[] = [
  {
    id: 'gate-url',
    label: 'Gate URL',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    paths: ['gates', 'gates.url'],
    get: p => p.gates?.url,
    set: (p, url) => ({ ...p, gates: url ? { ...p.gates, url } : undefined }),
  },
  {
    id: 'gate-token',
    label: 'Gate token (Canary backend gates)',
    kind: 'text',
    grid: { xs: 12, sm: 4 },
    paths: ['gates.token'],
    shown: p => Boolean(p.gates),
    get: p => p.gates?.token,
    set: (p, token) =>
      p.gates ? { ...p, gates: { ...p.gates, token: token || undefined } } : p,
  },
];

/** Every policy-level field, for finding the issues no shown field takes. */
export const POLICY_FIELDS: PolicyField[] = [
  ...WORKLOAD_FIELDS,
  ...STRATEGY_FIELDS,
  ...MATCH_FIELDS,
  ...ANALYSIS_FIELDS,
  ...LOAD_TEST_FIELDS,
  ...GATE_FIELDS,
];
