import { FLAGGER_API_VERSION } from './canary';

/**
 * One change the Canary importer made, with the field it touched.
 *
 * @public
 */
export type CanaryUpgradeChange = {
  /** Dotted path of the field, e.g. `spec.canaryAnalysis`. */
  path: string;
  /** What was changed and why, in words a user can check. */
  message: string;
};

/**
 * The result of importing a Canary manifest written for an older Flagger API.
 *
 * @public
 */
export type CanaryUpgradeResult = {
  /** The manifest rewritten for flagger.app/v1beta1 (the input is not modified). */
  manifest: Record<string, unknown>;
  /** Every change made, in order; empty when the manifest was already current. */
  changes: CanaryUpgradeChange[];
};

const LEGACY_API_VERSIONS = [
  'flagger.app/v1alpha1',
  'flagger.app/v1alpha2',
  'flagger.app/v1alpha3',
];

// autoscaling API versions removed from Kubernetes, with their replacement.
const REMOVED_AUTOSCALING_VERSIONS: Record<string, string> = {
  'autoscaling/v2beta1': 'autoscaling/v2',
  'autoscaling/v2beta2': 'autoscaling/v2',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Upgrades a Canary manifest written for an older Flagger API (flagger.app/v1alpha1..3, or a
 * v1beta1 object still using `canaryAnalysis`) to flagger.app/v1beta1:
 *
 * - `apiVersion` becomes flagger.app/v1beta1 (the only version the CRD serves);
 * - `spec.canaryAnalysis` becomes `spec.analysis` (the v1beta1 CRD requires `analysis` and does
 *   not declare `canaryAnalysis`, so the apiserver would reject or prune it);
 * - deprecated metric `threshold` becomes `thresholdRange` (`min` for request-success-rate,
 *   `max` for every other metric, as Flagger reads it);
 * - an `autoscalerRef` on a removed autoscaling API version moves to autoscaling/v2.
 *
 * @public
 */
export function upgradeCanaryManifest(input: unknown): CanaryUpgradeResult {
  if (!isRecord(input) || input.kind !== 'Canary') {
    throw new TypeError(
      'upgradeCanaryManifest expects a manifest with kind: Canary',
    );
  }
  const manifest = structuredClone(input) as Record<string, unknown>;
  const changes: CanaryUpgradeChange[] = [];

  const apiVersion = manifest.apiVersion;
  if (apiVersion !== FLAGGER_API_VERSION) {
    if (
      typeof apiVersion === 'string' &&
      !LEGACY_API_VERSIONS.includes(apiVersion)
    ) {
      throw new TypeError(
        `apiVersion "${apiVersion}" is not a Flagger Canary version; expected ${FLAGGER_API_VERSION} or one of ${LEGACY_API_VERSIONS.join(
          ', ',
        )}`,
      );
    }
    manifest.apiVersion = FLAGGER_API_VERSION;
    changes.push({
      path: 'apiVersion',
      message: `Changed apiVersion from ${String(
        apiVersion,
      )} to ${FLAGGER_API_VERSION}, the only version Flagger serves.`,
    });
  }

  const spec = manifest.spec;
  if (!isRecord(spec)) {
    return { manifest, changes };
  }

  if (isRecord(spec.canaryAnalysis)) {
    if (spec.analysis === undefined) {
      // Keep the field order of the original manifest.
      const reordered: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(spec)) {
        reordered[key === 'canaryAnalysis' ? 'analysis' : key] = value;
      }
      manifest.spec = reordered;
      changes.push({
        path: 'spec.canaryAnalysis',
        message:
          'Renamed spec.canaryAnalysis to spec.analysis: the v1beta1 CRD requires spec.analysis and does not keep canaryAnalysis.',
      });
    } else {
      const rest = { ...spec };
      delete rest.canaryAnalysis;
      manifest.spec = rest;
      changes.push({
        path: 'spec.canaryAnalysis',
        message:
          'Removed spec.canaryAnalysis: spec.analysis is also set and Flagger uses analysis when both exist.',
      });
    }
  }

  const upgradedSpec = manifest.spec as Record<string, unknown>;
  const analysis = upgradedSpec.analysis;
  if (isRecord(analysis) && Array.isArray(analysis.metrics)) {
    analysis.metrics.forEach((metric, index) => {
      if (!isRecord(metric) || typeof metric.threshold !== 'number') return;
      const bound = metric.name === 'request-success-rate' ? 'min' : 'max';
      const existing = isRecord(metric.thresholdRange)
        ? metric.thresholdRange
        : undefined;
      const path = `spec.analysis.metrics[${index}].threshold`;
      if (existing && existing[bound] !== undefined) {
        delete metric.threshold;
        changes.push({
          path,
          message: `Removed deprecated threshold ${metric.threshold}: thresholdRange.${bound} is already set.`,
        });
        return;
      }
      const value = metric.threshold;
      delete metric.threshold;
      metric.thresholdRange = { ...(existing ?? {}), [bound]: value };
      changes.push({
        path,
        message: `Replaced deprecated threshold: ${value} with thresholdRange.${bound}: ${value} (${
          bound === 'min'
            ? 'the minimum success rate in percent'
            : 'the maximum accepted value'
        }).`,
      });
    });
  }

  const autoscalerRef = upgradedSpec.autoscalerRef;
  if (
    isRecord(autoscalerRef) &&
    autoscalerRef.kind === 'HorizontalPodAutoscaler' &&
    typeof autoscalerRef.apiVersion === 'string' &&
    REMOVED_AUTOSCALING_VERSIONS[autoscalerRef.apiVersion]
  ) {
    const from = autoscalerRef.apiVersion;
    autoscalerRef.apiVersion = REMOVED_AUTOSCALING_VERSIONS[from];
    changes.push({
      path: 'spec.autoscalerRef.apiVersion',
      message: `Changed autoscalerRef.apiVersion from ${from} (removed in Kubernetes 1.25/1.26) to ${autoscalerRef.apiVersion}.`,
    });
  }

  return { manifest, changes };
}
