import type { z } from 'zod';

/**
 * The label of a policy field as the policy form shows it, with the number of the metric for the
 * fields of one metric (`analysis.metrics[1].query` is "Query of metric 2").
 */
const LABELS: [RegExp, string][] = [
  [/^workload\.apiVersion$/, 'Workload API version'],
  [/^workload\.kind$/, 'Workload kind'],
  [/^workload\.name$/, 'Workload name'],
  [/^workload\.namespace$/, 'Namespace'],
  [/^workload$/, 'Workload'],
  [/^provider$/, 'Traffic provider'],
  [/^service\.name$/, 'Service name'],
  [/^service\.port$/, 'Service port'],
  [/^service\.targetPort$/, 'Target port'],
  [/^service\.timeoutSeconds$/, 'Request timeout (seconds)'],
  [/^service\.gateways/, 'Istio gateways'],
  [/^service\.hosts/, 'Istio hosts'],
  [/^service\.host$/, 'Host (Kurator)'],
  [/^service\.ingressName$/, 'Ingress name (native canary)'],
  [/^service\.protocol$/, 'Kuma protocol'],
  [/^service\.retries/, 'Retries'],
  [/^service\.headers/, 'Headers'],
  [/^service\.corsPolicy/, 'CORS policy'],
  [/^service$/, 'Service'],
  [/^traffic\.maxWeight$/, 'Max weight (%)'],
  [/^traffic\.stepWeight$/, 'Step weight (%)'],
  [/^traffic\.stepWeights/, 'Step weights (%)'],
  [/^traffic\.stepWeightPromotion$/, 'Promotion step weight (%)'],
  [/^traffic\.iterations$/, 'Iterations'],
  [/^traffic\.match/, 'A/B match conditions'],
  [/^traffic\.mirror$/, 'Traffic mirroring'],
  [/^traffic$/, 'Strategy'],
  [/^analysis\.intervalSeconds$/, 'Analysis interval (seconds)'],
  [/^analysis\.threshold$/, 'Failed checks before rollback'],
  [/^analysis\.metrics\[(\d+)\]\.name$/, 'Name of metric #'],
  [/^analysis\.metrics\[(\d+)\]\.intervalSeconds$/, 'Interval (s) of metric #'],
  [/^analysis\.metrics\[(\d+)\]\.thresholdRange\.min$/, 'Min of metric #'],
  [/^analysis\.metrics\[(\d+)\]\.thresholdRange\.max$/, 'Max of metric #'],
  [/^analysis\.metrics\[(\d+)\]\.thresholdRange$/, 'Threshold of metric #'],
  [
    /^analysis\.metrics\[(\d+)\]\.custom\.provider\.type$/,
    'Metric provider of metric #',
  ],
  [
    /^analysis\.metrics\[(\d+)\]\.custom\.provider\.address$/,
    'Provider address of metric #',
  ],
  [
    /^analysis\.metrics\[(\d+)\]\.custom\.provider\.secretRef/,
    'Provider secret of metric #',
  ],
  [/^analysis\.metrics\[(\d+)\]\.custom\.query$/, 'Query of metric #'],
  [/^analysis\.metrics\[(\d+)\]/, 'Metric #'],
  [/^analysis\.metrics$/, 'Metrics'],
  [/^analysis\.loadTest\.commands/, 'Load test command'],
  [/^analysis\.loadTest\.timeoutSeconds$/, 'Load test timeout (s)'],
  [/^analysis\.loadTest\.url$/, 'Loadtester URL'],
  [/^analysis\.loadTest$/, 'Load test'],
  [/^analysis\.sessionAffinity\.cookieName$/, 'Session affinity cookie'],
  [/^analysis\.sessionAffinity\.maxAge$/, 'Session affinity max age'],
  [/^analysis\.sessionAffinity$/, 'Session affinity'],
  [/^analysis$/, 'Analysis'],
  [/^testLoader$/, 'Private loadtester (Kurator)'],
  [/^gates\.url$/, 'Gate URL'],
  [/^gates\.token$/, 'Gate token'],
  [/^gates\./, 'Gates'],
  [/^gates$/, 'Gates'],
  [/^rolloutTimeoutSeconds$/, 'Rollout timeout (seconds)'],
  [/^skipAnalysis$/, 'Skip analysis'],
  [/^revertOnDeletion$/, 'Revert on deletion'],
  [/^suspend$/, 'Suspend'],
];

/** The label of a rollout-policy field (its path when the form has no label for it). */
export function policyFieldLabel(path: string): string {
  for (const [pattern, label] of LABELS) {
    const match = pattern.exec(path);
    if (match)
      return match[1] === undefined
        ? label
        : label.replace('#', String(Number(match[1]) + 1));
  }
  return path || 'The policy';
}

const TYPE_NAMES: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'on or off (true or false)',
  array: 'a list',
  object: 'a group of fields',
  record: 'a group of fields',
};

function listOf(values: readonly unknown[]): string {
  const shown = values.map(v => String(v));
  return shown.length <= 1
    ? shown.join('')
    : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/** What a failed check allows, as the end of a sentence ("must be at least 1"). */
function allowed(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined || issue.input === null)
        return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1
          ? 'must not be empty'
          : `must be at least ${min} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `needs at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
      return issue.inclusive === false
        ? `must be more than ${min}`
        : `must be at least ${min}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string')
        return `must be at most ${max} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return `allows at most ${max} ${max === 1 ? 'entry' : 'entries'}`;
      return issue.inclusive === false
        ? `must be less than ${max}`
        : `must be at most ${max}`;
    }
    case 'invalid_value':
      return `must be one of ${listOf(issue.values)}`;
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `has fields the policy does not know: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'has a value of the wrong kind';
    case 'invalid_key':
    case 'invalid_element':
      return 'has an entry of the wrong kind';
    default:
      return 'is not valid';
  }
}

/**
 * A zod issue of the rollout-policy schema as a sentence that names the field by its label in the
 * policy form and says what is allowed: "Step weight (%) must be at least 1." instead of
 * "traffic.stepWeight: Too small: expected number to be >=1".
 */
export function describePolicySchemaIssue(
  path: string,
  issue: z.core.$ZodIssue,
): string {
  return `${policyFieldLabel(path)} ${allowed(issue)}.`;
}
