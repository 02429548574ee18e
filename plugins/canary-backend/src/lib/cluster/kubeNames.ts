import { InputError } from '@backstage/errors';

/** The longest Kubernetes object name (a DNS-1123 subdomain). */
export const MAX_KUBE_NAME_LENGTH = 253;

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** What a Kubernetes name may be, in words, for error messages. */
export const KUBE_NAME_RULE = `lowercase letters, digits, "-" and ".", starting and ending with a letter or digit, at most ${MAX_KUBE_NAME_LENGTH} characters`;

// A segment of an API path: resource groups and versions (`flagger.app`, `v1beta1`), resource
// names, object names (some kinds allow ":" or upper case), `name:port` of the service proxy and
// the proxied path (`query_range`). Nothing that a URL parser or a server would decode or resolve.
const PATH_SEGMENT = /^[A-Za-z0-9._:-]+$/;

/** Whether `value` is a Kubernetes object name: a DNS-1123 subdomain of at most 253 characters. */
export function isKubeName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_KUBE_NAME_LENGTH &&
    DNS1123_SUBDOMAIN.test(value)
  );
}

/** A value as it may be quoted in an error message: JSON-escaped, cut when long. */
export function quoteForMessage(value: unknown): string {
  if (typeof value !== 'string') {
    return value === undefined ? 'nothing' : typeof value;
  }
  const quoted = JSON.stringify(
    value.length > 80 ? `${value.slice(0, 80)}…` : value,
  );
  // Also escape what JSON leaves as is but would change how the message reads.
  return quoted.replace(
    /[\u0080-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Returns `value` when it is a Kubernetes object name; otherwise throws an InputError naming
 * `field` and the allowed form.
 */
export function assertKubeName(field: string, value: unknown): string {
  if (!isKubeName(value)) {
    throw new InputError(
      `${field} must be a Kubernetes name (${KUBE_NAME_RULE}), got ${quoteForMessage(
        value,
      )}`,
    );
  }
  return value;
}

/**
 * Checks a Kubernetes API path (`/apis/flagger.app/v1beta1/namespaces/shop/canaries/checkout`,
 * without query): every segment must be a plain name, so that no segment can walk elsewhere in
 * the API (`.`, `..`, empty segments, encoded or back slashes, `?` or `#`). Throws an InputError
 * naming the first segment that is not.
 */
export function assertKubeApiPath(path: string): void {
  if (!path.startsWith('/')) {
    throw new InputError(
      `Cluster API path must start with "/", got ${quoteForMessage(path)}`,
    );
  }
  for (const segment of path.slice(1).split('/')) {
    if (
      segment.length > MAX_KUBE_NAME_LENGTH ||
      !PATH_SEGMENT.test(segment) ||
      /^\.+$/.test(segment)
    ) {
      throw new InputError(
        `Cluster API path segment ${quoteForMessage(
          segment,
        )} is not allowed: each segment of ${quoteForMessage(
          path,
        )} must be a Kubernetes name (letters, digits, "-", ".", "_" or ":", at most ${MAX_KUBE_NAME_LENGTH} characters), not empty, "." or ".."`,
      );
    }
  }
}
