import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CANARY_PLUGIN_ID,
  CANARY_SIGNAL_CHANNEL,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { CanaryOwnerLookup } from './lib/notify/CanaryOwnerLookup';
import { RolloutNotifier } from './lib/notify/RolloutNotifier';
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
import { RolloutBinder } from './lib/resolve/RolloutBinder';
import { CatalogKubernetesIdClaims } from './lib/resolve/KubernetesIdClaims';
import { createRouter } from './service/router';
import { PolicyService } from './lib/policy/PolicyService';
import { createCanaryOperations } from './service/operations/CanaryOperations';
import { registerCanaryActions } from './actions/registerCanaryActions';
import { durationMs } from './lib/config/durationMs';
import { ServicePrincipalAccess } from './lib/config/ServicePrincipalAccess';
import { BackendGateApprover } from './lib/actions/BackendGateApprover';
import { GateStore } from './lib/gates/GateStore';
import { GateTokens } from './lib/gates/gateTokens';

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
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const config = readCanaryConfig(deps.config);
        deps.permissionsRegistry.addPermissions(canaryPermissions);

        const gateway = new KubernetesProxyGateway({
          auth: deps.auth,
          discovery: deps.discovery,
        });
        const binder = new RolloutBinder({
          gateway,
          claims: new CatalogKubernetesIdClaims({
            catalog: deps.catalog,
            auth: deps.auth,
          }),
        });
        const finder = new EntityRolloutFinder({ gateway, config, binder });
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
        // Flagger gate webhooks served by this backend, per cluster token.
        const gateStore = new GateStore(db);
        const gateTokens = GateTokens.fromConfig(deps.config);
        const gateApprover = new BackendGateApprover({
          gates: gateStore,
          tokens: gateTokens,
          pluginBaseUrls: async () => [
            await deps.discovery.getExternalBaseUrl(CANARY_PLUGIN_ID),
            await deps.discovery.getBaseUrl(CANARY_PLUGIN_ID),
          ],
        });

        if (config.recorder.enabled) {
          const notifier = new RolloutNotifier({
            store,
            gateway,
            owners: new CanaryOwnerLookup({
              catalog: deps.catalog,
              auth: deps.auth,
              finder,
            }),
            notifications: deps.notifications,
            logger: deps.logger,
          });
          const recorder = new RolloutRecorder({
            gateway,
            store,
            logger: deps.logger,
            auditor: deps.auditor,
            // Tells open Canary tabs to refresh; the message names the canary only; its state
            // is read through the permissioned API.
            onChange: canary =>
              deps.signals.publish({
                recipients: { type: 'broadcast' },
                channel: CANARY_SIGNAL_CHANNEL,
                message: { ...canary },
              }),
            // Tells the owners when a rollout fails or waits for approval, once per transition.
            onRecorded: change => notifier.onRecorded(change),
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
              await gateStore.prune(
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

        // One operations object behind every route, registered action and service-ref call:
        // the permission, service-principal, binding and audit checks happen there, once.
        const gateWebhooks = {
          gates: gateStore,
          gateTokens,
          logger: deps.logger,
        };
        const operations = createCanaryOperations({
          permissions: deps.permissions,
          catalog: deps.catalog,
          finder,
          reader,
          store,
          actions: new RolloutActionRunner({ gateway, gates: gateApprover }),
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
          services: ServicePrincipalAccess.fromConfig(deps.config),
          gates: gateWebhooks,
          policies: new PolicyService({ gateway, finder, config, binder }),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            operations,
            gateWebhooks,
          }),
        );
        // The same operations, for MCP clients, templates and other plugins.
        registerCanaryActions({
          actionsRegistry: deps.actionsRegistry,
          operations,
        });
        // Flagger cannot send Backstage credentials: the gates check their own per-cluster token.
        deps.httpRouter.addAuthPolicy({
          path: '/gates',
          allow: 'unauthenticated',
        });
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
