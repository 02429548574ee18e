import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** The Status object a Kubernetes API server answers errors with. */
export type KubeStatus = {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { causes?: Array<{ field?: string; message?: string }> };
};

/**
 * Turns an error answer from a cluster (through the Kubernetes plugin's proxy) into the matching
 * `@backstage/errors` type, with a message that names the cluster.
 */
export function clusterError(
  cluster: string,
  status: number,
  body: KubeStatus | undefined,
): Error {
  const detail = body?.message ?? `HTTP ${status}`;
  const message = `Cluster ${cluster}: ${detail}`;
  switch (status) {
    case 400:
    case 422: {
      const causes = body?.details?.causes
        ?.map(c => (c.field ? `${c.field}: ${c.message}` : c.message))
        .filter(Boolean);
      return new InputError(
        causes?.length ? `${message} (${causes.join('; ')})` : message,
      );
    }
    case 401:
      return new AuthenticationError(message);
    case 403:
      return new NotAllowedError(message);
    case 404:
      return new NotFoundError(message);
    case 409:
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(message);
  }
}
