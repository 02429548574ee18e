import {
  createApiFactory,
  createApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import {
  CanaryClient,
  type CanaryApi,
} from '@backstage-canary/plugin-canary-common';

/**
 * The Canary backend's API, as the Canary tab calls it.
 *
 * @public
 */
export const canaryApiRef = createApiRef<CanaryApi>({
  id: 'plugin.canary.api',
});

/** Dependencies and factory of the default {@link canaryApiRef} implementation. */
export const canaryApiDefinition = {
  api: canaryApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({
    discoveryApi,
    fetchApi,
  }: {
    discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
    fetchApi: { fetch: typeof fetch };
  }) => new CanaryClient({ discoveryApi, fetchApi }),
};

/** The legacy-system factory of {@link canaryApiRef}. */
export const canaryApiFactory = createApiFactory(canaryApiDefinition);
