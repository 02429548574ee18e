import { isKubeName, KUBE_NAME_RULE } from '../cluster/kubeNames';
import { type InputField, refusal } from './InputField';

/** What a Kubernetes name may be, in words. */
export const KUBERNETES_NAME_RULE = `a Kubernetes name (${KUBE_NAME_RULE})`;

/** Reads a Kubernetes object name (a canary's namespace or name): a DNS-1123 subdomain. */
export function readKubernetesName(value: unknown, field: InputField): string {
  if (!isKubeName(value)) throw refusal(field, KUBERNETES_NAME_RULE, value);
  return value;
}
