import type { CanaryMetric } from '../../model/canary';
import { getCanaryAnalysis } from '../../model/canary';
import {
  checks,
  type DiagnosisContext,
  recentEntries,
} from './diagnosisContext';
import type { DiagnosedCause } from './types';

/** Groups items by a key, keeping the order of the first of each (newest first in, newest first out). */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups;
}

function metricOf(
  context: DiagnosisContext,
  name: string,
): CanaryMetric | undefined {
  return getCanaryAnalysis(context.input.canary)?.metrics?.find(
    metric => metric.name === name,
  );
}

/** Where a metric's query comes from, in words: its query, its MetricTemplate, or Flagger's. */
function queryOf(metric: CanaryMetric | undefined): string | undefined {
  if (metric?.query) return metric.query;
  if (metric?.templateRef) {
    const { namespace, name } = metric.templateRef;
    return `MetricTemplate ${namespace ? `${namespace}/` : ''}${name}`;
  }
  return undefined;
}

/** Metrics whose queries return no values: Flagger halts the analysis at each check. */
export function metricNoData(context: DiagnosisContext): DiagnosedCause[] {
  const halts = recentEntries(context, 'halted').filter(
    ({ entry }) => entry.reason === 'no-metric-values',
  );
  const byMetric = groupBy(halts, ({ entry }) => entry.metric ?? 'a metric');
  return [...byMetric].map(([name, found]) => {
    const query = queryOf(metricOf(context, name));
    return {
      cause: 'metric-no-data',
      title: `${name} returned no data for ${checks(found.length)}`,
      evidence: [
        `Flagger halted the analysis ${found.length} time${
          found.length === 1 ? '' : 's'
        } since ${found[found.length - 1].at}: no values found for ${name}${
          found[0].entry.provider ? ` (${found[0].entry.provider})` : ''
        }`,
      ],
      fix: `Is traffic reaching ${
        context.target
      }-canary (a load tester webhook, real users)? Run the query against the metrics server and check its labels match the canary's pods${
        query ? `. Query: ${query}` : ''
      }.`,
      since: found[found.length - 1].at,
      subject: name,
      ...(query ? { query } : {}),
    };
  });
}

/** Metrics whose query or template cannot be run. */
export function metricQueryFailed(context: DiagnosisContext): DiagnosedCause[] {
  const errors = recentEntries(context, 'metric-error');
  const byMetric = groupBy(
    errors,
    ({ entry }) => entry.metric ?? entry.template?.name ?? entry.reason,
  );
  return [...byMetric].map(([name, found]) => {
    const latest = found[0].entry;
    const detail = latest.error ?? latest.detail ?? latest.reason;
    return {
      cause: 'metric-query-failed',
      title: `The query of ${name} fails`,
      evidence: [
        `Flagger could not run it ${found.length} time${
          found.length === 1 ? '' : 's'
        } since ${found[found.length - 1].at}: ${detail}`,
      ],
      fix: latest.template
        ? `Check MetricTemplate ${latest.template.namespace}/${latest.template.name}: its provider address, its secret and its query.`
        : "Check the metric's provider (its address and credentials) and its query.",
      since: found[found.length - 1].at,
      subject: name,
    };
  });
}

/** Webhooks that answer errors: Flagger halts before or during the analysis. */
export function webhookFailing(context: DiagnosisContext): DiagnosedCause[] {
  const halts = recentEntries(context, 'halted').filter(
    ({ entry }) =>
      entry.reason === 'pre-rollout-failed' ||
      entry.reason === 'external-check-failed',
  );
  const byWebhook = groupBy(halts, ({ entry }) => entry.webhook ?? 'a webhook');
  return [...byWebhook].map(([name, found]) => {
    const latest = found[0].entry;
    const url = getCanaryAnalysis(context.input.canary)?.webhooks?.find(
      webhook => webhook.name === name,
    )?.url;
    return {
      cause: 'webhook-failing',
      title: `Webhook ${name} fails`,
      evidence: [
        `Flagger halted the analysis ${found.length} time${
          found.length === 1 ? '' : 's'
        } since ${found[found.length - 1].at}${
          latest.error ? `: ${latest.error}` : ''
        }`,
      ],
      fix: `Check what ${
        url ?? `webhook ${name}`
      } answers: Flagger needs a 2xx to go on.`,
      since: found[found.length - 1].at,
      subject: name,
    };
  });
}

/** Metrics out of range: the analysis fails the canary check after check. */
export function checksFailing(context: DiagnosisContext): DiagnosedCause[] {
  const halts = recentEntries(context, 'halted').filter(
    ({ entry }) =>
      entry.reason === 'success-rate' ||
      entry.reason === 'request-duration' ||
      entry.reason === 'metric-out-of-range',
  );
  const status = context.input.canary.status;
  const threshold = getCanaryAnalysis(context.input.canary)?.threshold ?? 1;
  const byMetric = groupBy(halts, ({ entry }) => entry.metric ?? entry.reason);
  return [...byMetric].map(([name, found]) => {
    const latest = found[0].entry;
    const range =
      latest.value !== undefined && latest.threshold !== undefined
        ? ` (${latest.value} ${latest.comparison === '<' ? 'below' : 'above'} ${
            latest.threshold
          })`
        : '';
    return {
      cause: 'checks-failing',
      title: `${name} is out of range${range}`,
      evidence: [
        `${checks(found.length)} out of range since ${
          found[found.length - 1].at
        }; ${
          status?.failedChecks ?? 0
        } of ${threshold} failed checks before a rollback`,
      ],
      fix: 'The analysis is doing its job: the canary will be rolled back at the threshold. Look at the canary revision, or abort the run.',
      since: found[found.length - 1].at,
      subject: name,
      ...(queryOf(metricOf(context, name))
        ? { query: queryOf(metricOf(context, name)) }
        : {}),
    };
  });
}

/** "1 of 2 replicas available" (or updated), when the event says. */
function replicasText(entry: {
  availableReplicas?: number;
  updatedReplicas?: number;
  desiredReplicas?: number;
}): string | undefined {
  const { availableReplicas, updatedReplicas, desiredReplicas } = entry;
  if (desiredReplicas === undefined) return undefined;
  if (availableReplicas !== undefined) {
    return `${availableReplicas} of ${desiredReplicas} replicas available`;
  }
  if (updatedReplicas !== undefined) {
    return `${updatedReplicas} of ${desiredReplicas} replicas updated`;
  }
  return undefined;
}

/** The canary or primary Deployment has not got its replicas ready. */
export function workloadNotReady(context: DiagnosisContext): DiagnosedCause[] {
  const warnings = recentEntries(context, 'readiness-warning');
  const byWorkload = groupBy(warnings, ({ entry }) => entry.name);
  return [...byWorkload].map(([name, found]) => {
    const latest = found[0].entry;
    const replicas = replicasText(latest) ?? latest.detail;
    return {
      cause: 'workload-not-ready',
      title: `Deployment ${name} is not ready: ${replicas}`,
      evidence: [
        `Flagger waited for ${name} ${found.length} time${
          found.length === 1 ? '' : 's'
        } since ${found[found.length - 1].at}: ${latest.detail}`,
      ],
      fix: `Look at the pods of ${name}${
        latest.namespace ? ` in ${latest.namespace}` : ''
      } (kubectl describe deployment ${name}): an image that does not pull, a failing readiness probe, a quota.`,
      since: found[found.length - 1].at,
      subject: name,
    };
  });
}
