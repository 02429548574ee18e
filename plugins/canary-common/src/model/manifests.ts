import { parseAllDocuments, stringify } from 'yaml';
import type { z } from 'zod';
import { canarySchema, FLAGGER_API_VERSION, type Canary } from './canary';
import { metricTemplateSchema, type MetricTemplate } from './metricTemplate';
import { alertProviderSchema, type AlertProvider } from './alertProvider';
import {
  applicationSchema,
  KURATOR_APPLICATION_API_VERSION,
  type Application,
} from './application';
import {
  attachedClusterSchema,
  fleetSchema,
  KURATOR_CLUSTER_API_VERSION,
  KURATOR_FLEET_API_VERSION,
  type AttachedCluster,
  type Fleet,
} from './fleet';
import {
  upgradeCanaryManifest,
  type CanaryUpgradeChange,
} from './upgradeCanary';

/**
 * A problem found while reading a manifest, with the field it concerns.
 *
 * @public
 */
export type ManifestIssue = {
  /** Dotted path of the field (`spec.analysis.interval`, `spec.syncPolicies[0].rollout`). */
  path: string;
  /** What is wrong and what is allowed. */
  message: string;
};

/**
 * A manifest recognised by the canary domain, typed by kind.
 *
 * @public
 */
export type DomainObject =
  | { kind: 'Canary'; object: Canary; upgrade: CanaryUpgradeChange[] }
  | { kind: 'MetricTemplate'; object: MetricTemplate }
  | { kind: 'AlertProvider'; object: AlertProvider }
  | { kind: 'Application'; object: Application }
  | { kind: 'Fleet'; object: Fleet }
  | { kind: 'AttachedCluster'; object: AttachedCluster };

/**
 * The result of reading one manifest.
 *
 * @public
 */
export type ManifestReadResult =
  | ({ ok: true } & DomainObject)
  | {
      ok: false;
      /** The kind named by the manifest, when any. */
      kind?: string;
      /** Why the manifest could not be read; empty `issues` means "not a canary-domain kind". */
      issues: ManifestIssue[];
    };

/**
 * Formats a zod issue path the way Kubernetes names fields: `spec.analysis.metrics[0].name`.
 *
 * @public
 */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

function zodIssues(error: z.ZodError): ManifestIssue[] {
  return error.issues.map(issue => {
    const path = formatFieldPath(issue.path);
    return { path, message: `${path || '(root)'}: ${issue.message}` };
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads one manifest object (already parsed from YAML or JSON) into a typed domain object.
 * Canaries on an older Flagger API are upgraded first ({@link upgradeCanaryManifest}); the changes
 * are returned in `upgrade`. Objects of other kinds return `ok: false` with no issues.
 *
 * @public
 */
export function readManifest(input: unknown): ManifestReadResult {
  if (!isRecord(input)) {
    return {
      ok: false,
      issues: [{ path: '', message: 'A manifest must be an object' }],
    };
  }
  const kind = typeof input.kind === 'string' ? input.kind : undefined;
  const apiVersion =
    typeof input.apiVersion === 'string' ? input.apiVersion : '';
  const group = apiVersion.split('/')[0];
  switch (kind) {
    case 'Canary': {
      if (group !== 'flagger.app') break;
      let upgraded;
      try {
        upgraded = upgradeCanaryManifest(input);
      } catch (e) {
        return {
          ok: false,
          kind,
          issues: [{ path: 'apiVersion', message: (e as Error).message }],
        };
      }
      const parsed = canarySchema.safeParse(upgraded.manifest);
      return parsed.success
        ? { ok: true, kind, object: parsed.data, upgrade: upgraded.changes }
        : { ok: false, kind, issues: zodIssues(parsed.error) };
    }
    case 'MetricTemplate':
    case 'AlertProvider': {
      if (group !== 'flagger.app') break;
      if (apiVersion !== FLAGGER_API_VERSION) {
        return {
          ok: false,
          kind,
          issues: [
            {
              path: 'apiVersion',
              message: `apiVersion must be ${FLAGGER_API_VERSION} (the only version Flagger serves), got ${apiVersion}`,
            },
          ],
        };
      }
      if (kind === 'MetricTemplate') {
        const parsed = metricTemplateSchema.safeParse(input);
        return parsed.success
          ? { ok: true, kind, object: parsed.data }
          : { ok: false, kind, issues: zodIssues(parsed.error) };
      }
      const parsed = alertProviderSchema.safeParse(input);
      return parsed.success
        ? { ok: true, kind, object: parsed.data }
        : { ok: false, kind, issues: zodIssues(parsed.error) };
    }
    case 'Application': {
      if (apiVersion !== KURATOR_APPLICATION_API_VERSION) break;
      const parsed = applicationSchema.safeParse(input);
      return parsed.success
        ? { ok: true, kind, object: parsed.data }
        : { ok: false, kind, issues: zodIssues(parsed.error) };
    }
    case 'Fleet': {
      if (apiVersion !== KURATOR_FLEET_API_VERSION) break;
      const parsed = fleetSchema.safeParse(input);
      return parsed.success
        ? { ok: true, kind, object: parsed.data }
        : { ok: false, kind, issues: zodIssues(parsed.error) };
    }
    case 'AttachedCluster': {
      if (apiVersion !== KURATOR_CLUSTER_API_VERSION) break;
      const parsed = attachedClusterSchema.safeParse(input);
      return parsed.success
        ? { ok: true, kind, object: parsed.data }
        : { ok: false, kind, issues: zodIssues(parsed.error) };
    }
    default:
      break;
  }
  return { ok: false, kind, issues: [] };
}

/**
 * Parses a multi-document YAML (or JSON) text and reads every document with {@link readManifest}.
 * Empty documents are skipped; a YAML syntax error is reported as an issue of that document.
 *
 * @public
 */
export function readManifestsYaml(text: string): ManifestReadResult[] {
  const results: ManifestReadResult[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      results.push({
        ok: false,
        issues: doc.errors.map(e => ({ path: '', message: e.message })),
      });
      continue;
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    results.push(readManifest(value));
  }
  return results;
}

/**
 * Kubernetes objects as one YAML text, laid out the same wherever the suite writes manifests (the
 * policy editor, the files the scaffolder writes, the backend's plans and diffs, the tab's YAML
 * view): as `kubectl get -o yaml` does, with no line wrapping and no anchors or aliases (a value
 * shared between objects, such as a rendered Canary's primary and canary metadata, is written out
 * in full, so each object reads on its own and diffs cleanly), documents separated by `---`.
 * `sortKeys` orders keys, so that two readings of the same object compare equal whatever order a
 * server wrote them in.
 *
 * @public
 */
export function writeManifestsYaml(
  objects: readonly unknown[],
  options: { sortKeys?: boolean } = {},
): string {
  return objects
    .map(object =>
      stringify(object, {
        lineWidth: 0,
        sortMapEntries: options.sortKeys ?? false,
        aliasDuplicateObjects: false,
      }),
    )
    .join('---\n');
}
