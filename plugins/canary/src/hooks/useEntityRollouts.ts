import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import type { EntityRolloutsResponse } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../api';

/** The state of {@link useEntityRollouts}. */
export type EntityRolloutsState = {
  value?: EntityRolloutsResponse;
  /** True while the first answer is awaited (not while refreshing). */
  loading: boolean;
  refreshing: boolean;
  error?: Error;
  retry: () => void;
};

/**
 * The entity's rollouts on every cluster. A refresh keeps the last answer on screen.
 */
export function useEntityRollouts(entityRef: string): EntityRolloutsState {
  const canaryApi = useApi(canaryApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => canaryApi.getEntityRollouts(entityRef),
    [canaryApi, entityRef],
  );
  return {
    value,
    loading: loading && !value,
    refreshing: loading && Boolean(value),
    error,
    retry,
  };
}
