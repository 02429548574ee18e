import type { KubeObject } from '../../lib/KubeClient';
import { computeSpecHash } from '../../domain/specHash';

const hashes = new WeakMap<object, string>();

/**
 * `computeSpecHash` of a Deployment's pod template, remembered per template object: the traffic
 * simulator asks for every workload's hash several times a second, and a cached Deployment keeps
 * its template object until the API sends a new version (the lab never mutates a read template).
 */
export function templateHash(deployment: KubeObject): string {
  const template = deployment.spec?.template;
  if (!template || typeof template !== 'object') {
    return computeSpecHash(template ?? {});
  }
  let hash = hashes.get(template);
  if (hash === undefined) {
    hash = computeSpecHash(template);
    hashes.set(template, hash);
  }
  return hash;
}
