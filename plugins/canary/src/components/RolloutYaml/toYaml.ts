import { stringify } from 'yaml';

/** A Kubernetes object as YAML, the way `kubectl get -o yaml` lays it out. */
export function toYaml(object: unknown): string {
  return stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });
}
