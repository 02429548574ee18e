import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type {
  CanaryRef,
  RolloutDetail,
} from '@backstage-canary/plugin-canary-common';
import { useCanaryApi } from '../api';

/** The state of {@link useRolloutDetail}. */
export type RolloutDetailState = {
  value?: RolloutDetail;
  loading: boolean;
  error?: Error;
  retry: () => void;
};

/**
 * One of the entity's canaries in detail (the Canary and its Kurator Application as the clusters
 * hold them). Reads nothing while `enabled` is false, e.g. while the dialog showing it is closed.
 */
export function useRolloutDetail(
  entityRef: string,
  canary: CanaryRef,
  enabled = true,
): RolloutDetailState {
  const canaryApi = useCanaryApi();
  const { cluster, namespace, name } = canary;
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      enabled
        ? canaryApi.getRolloutDetail(entityRef, { cluster, namespace, name })
        : undefined,
    [canaryApi, entityRef, cluster, namespace, name, enabled],
  );
  return { value, loading: enabled && loading, error, retry };
}
