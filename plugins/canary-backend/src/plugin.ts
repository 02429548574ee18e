import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CANARY_PLUGIN_ID,
  CANARY_SIGNAL_CHANNEL,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { KubernetesProxyGateway } from './lib/cluster/KubernetesProxyGateway';
import { readCanaryConfig } from './lib/config/CanaryConfig';
import { RolloutActionRunner } from './lib/actions/RolloutActionRunner';
import { RolloutInbox } from './lib/read/RolloutInbox';
import { RolloutReader } from './lib/read/RolloutReader';
import { PrometheusClient } from './lib/metrics/PrometheusClient';
import { PrometheusLocator } from './lib/metrics/PrometheusLocator';
import { RolloutMetricsReader } from './lib/metrics/RolloutMetricsReader';
import { RolloutRecorder } from './lib/recorder/RolloutRecorder';
import { RolloutStore } from './lib/store/RolloutStore';
import { EntityRolloutFinder } from './lib/resolve/EntityRolloutFinder';
import { createRouter } from './service/router';
import { durationMs } from './lib/config/durationMs';

/**
 * The Canary backend plugin.
 *
 * @public
 */
export const canaryPlugin = createBackendPlugin({
  pluginId: CANARY_PLUGIN_ID,
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const config = readCanaryConfig(deps.config);
        deps.permissionsRegistry.addPermissions(canaryPermissions);

        const gateway = new KubernetesProxyGateway({
          auth: deps.auth,
          discovery: deps.discovery,
        });
        const finder = new EntityRolloutFinder({ gateway, config });
        const reader = new RolloutReader({ finder, gateway });

        const db = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@backstage-canary/plugin-canary-backend',
              'migrations',
            ),
          });
        }
        const store = new RolloutStore(db);

        if (config.recorder.enabled) {
          const recorder = new RolloutRecorder({
            gateway,
            store,
            logger: deps.logger,
            // Tells open Canary tabs to refresh; the message names the canary only; its state
            // is read through the permissioned API.
            onChange: canary =>
              deps.signals.publish({
                recipients: { type: 'broadcast' },
                channel: CANARY_SIGNAL_CHANNEL,
                message: { ...canary },
              }),
          });
          const frequencyMs = durationMs(config.recorder.frequency);
          await deps.scheduler.scheduleTask({
            id: 'canary-rollout-recorder',
            scope: 'global',
            frequency: config.recorder.frequency,
            timeout: { milliseconds: frequencyMs * 3 },
            initialDelay: { seconds: 5 },
            fn: async signal => {
              const day = 24 * 60 * 60 * 1000;
              await store.prune(
                new Date(Date.now() - config.retentionDays * day),
              );
              // Watch until the next run is due; the next run resumes from the stored cursors.
              await recorder.run({
                durationMs: Math.max(5_000, frequencyMs - 5_000),
                signal,
              });
            },
          });
        }

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            reader,
            finder,
            store,
            actions: new RolloutActionRunner({ gateway }),
            inbox: new RolloutInbox({
              catalog: deps.catalog,
              permissions: deps.permissions,
              reader,
            }),
            metrics: new RolloutMetricsReader({
              gateway,
              store,
              prometheus: new PrometheusClient({ gateway }),
              locator: PrometheusLocator.fromConfig(deps.config),
            }),
            auditor: deps.auditor,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
