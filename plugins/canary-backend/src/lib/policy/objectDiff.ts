import { createTwoFilesPatch } from 'diff';
import {
  type PolicyObject,
  writeManifestsYaml,
} from '@backstage-canary/plugin-canary-common';
import { redactGateSecretsOfAll } from '../gates/redactGateSecrets';

// Fields the API server sets and owns: they change on every write and say nothing about the policy.
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'generation',
  'uid',
  'creationTimestamp',
  'selfLink',
] as const;

/** A copy of an object without server-managed fields (metadata bookkeeping and status). */
export function stripServerFields<T extends PolicyObject>(object: T): T {
  const { status: _status, ...rest } = object as T & { status?: unknown };
  const metadata: Record<string, unknown> = { ...object.metadata };
  for (const field of SERVER_METADATA) delete metadata[field];
  return { ...rest, metadata } as T;
}

/** The label of an object in diffs and errors: `Kind namespace/name`. */
export function objectLabel(object: PolicyObject): string {
  return `${object.kind} ${object.metadata.namespace}/${object.metadata.name}`;
}

/**
 * Compares an object as the cluster holds it (absent for a create) with what the server would
 * store, without server-managed fields: the operation and a unified diff of their YAML.
 */
export function diffObject(
  before: PolicyObject | undefined,
  after: PolicyObject,
): { operation: 'create' | 'update' | 'unchanged'; diff: string } {
  const yamlOf = (object: PolicyObject) =>
    writeManifestsYaml([stripServerFields(object)], { sortKeys: true });
  if (before && yamlOf(before) === yamlOf(after)) {
    return { operation: 'unchanged', diff: '' };
  }
  // The cluster's gate secrets (and any given in the policy) never show in a diff.
  const [shownAfter, shownBefore] = redactGateSecretsOfAll(
    before ? [after, before] : [after],
  );
  const beforeYaml = before ? yamlOf(shownBefore) : '';
  const afterYaml = yamlOf(shownAfter);
  const label = objectLabel(after);
  const diff = createTwoFilesPatch(
    before ? `${label} (cluster)` : '/dev/null',
    `${label} (policy)`,
    beforeYaml,
    afterYaml,
    undefined,
    undefined,
    { context: 3 },
  );
  return { operation: before ? 'update' : 'create', diff };
}
