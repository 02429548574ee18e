import {
  coreServices,
  createBackendPlugin,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  CANARY_PLUGIN_ID,
  canaryPermissions,
} from '@backstage-canary/plugin-canary-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { CanaryOwnerLookup } from './lib/notify/CanaryOwnerLookup';
import { NotificationOutbox } from './lib/notify/NotificationOutbox';
import { RolloutNotifier } from './lib/notify/RolloutNotifier';
import { KubernetesProxyGateway } from './lib/cluster/KubernetesProxyGateway';
import { BackgroundClusterGateway } from './lib/cluster/BackgroundClusterGateway';
import { ClustersIncludingSkipped } from './lib/cluster/ClustersIncludingSkipped';
import { readCanaryConfig } from './lib/config/CanaryConfig';
import { BoundedCatalogService } from './lib/catalog/BoundedCatalogService';
import { PendingActionSettler } from './lib/execution/PendingActionSettler';
import { RolloutActionRunner } from './lib/execution/RolloutActionRunner';
import { RolloutDiagnoser } from './lib/read/RolloutDiagnoser';
import { RolloutInbox } from './lib/read/RolloutInbox';
import { FleetState } from './lib/state/FleetState';
import { FleetStateGateway } from './lib/state/FleetStateGateway';
import { RolloutReader } from './lib/read/RolloutReader';
import { RunExplainer } from './lib/read/RunExplainer';
import { PrometheusClient } from './lib/metrics/PrometheusClient';
import { PrometheusLocator } from './lib/metrics/PrometheusLocator';
import { RolloutMetricsReader } from './lib/metrics/RolloutMetricsReader';
import { RolloutRecorder } from './lib/recorder/RolloutRecorder';
import { RecorderLease } from './lib/recorder/RecorderLease';
import { RecorderLeadership } from './lib/recorder/RecorderLeadership';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { RolloutStore } from './lib/store/RolloutStore';
import { EntityRolloutFinder } from './lib/resolve/EntityRolloutFinder';
import { RolloutBinder } from './lib/resolve/RolloutBinder';
import {
  CatalogKubernetesIdClaims,
  RememberedKubernetesIdClaims,
} from './lib/resolve/KubernetesIdClaims';
import { createRouter } from './service/router';
import { PolicyService } from './lib/policy/PolicyService';
import { createCanaryOperations } from './service/operations/CanaryOperations';
import { registerCanaryActions } from './actionsRegistry/registerCanaryActions';
import { ServicePrincipalAccess } from './lib/config/ServicePrincipalAccess';
import { ReadGrantCache } from './lib/access/ReadGrantCache';
import { BackendGateApprover } from './lib/execution/BackendGateApprover';
import { GateStore } from './lib/gates/GateStore';
import { GateTokens } from './lib/gates/gateTokens';
import { canarySignal } from './lib/signals/canarySignal';

/** A dead recorder is replaced within ttl + renewal: at most 15 s. */
const RECORDER_LEASE_TTL_MS = 10_000;
const RECORDER_LEASE_RENEW_MS = 3_000;

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
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        signals: signalsServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const config = readCanaryConfig(deps.config);
        deps.permissionsRegistry.addPermissions(canaryPermissions);
        // Every catalog call of the plugin: with a deadline, a bounded number at a time.
        const catalog = new BoundedCatalogService({
          catalog: deps.catalog,
          ...config.catalog,
        });

        const gateway = new KubernetesProxyGateway({
          auth: deps.auth,
          discovery: deps.discovery,
          ...config.clusters,
        });
        // Background work reaches only the clusters the plugin's own credentials can: one whose
        // auth is client-side (oidc, google, aks) is named once in the log and skipped, and users'
        // requests read it live with their token.
        const background = new BackgroundClusterGateway({
          live: gateway,
          logger: deps.logger,
        });
        // Every instance watches the fleet and answers reads from it (see FleetState); writes,
        // watches and reads of what is not watched go to the clusters.
        const fleetState = config.fleetState.enabled
          ? new FleetState({ gateway: background, logger: deps.logger })
          : undefined;
        const watched = fleetState
          ? new ClustersIncludingSkipped({
              gateway: new FleetStateGateway({
                live: gateway,
                state: fleetState,
              }),
              skipped: () => background.skippedClusters(),
            })
          : gateway;
        // The history: the recorder writes it, the reads add it to the lanes.
        const db = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await db.migrate.latest({
            directory: resolvePackagePath(
              '@backstage-canary/plugin-canary-backend',
              'migrations',
            ),
          });
        }
        const store = new RolloutStore({ db });
        const binder = new RolloutBinder({
          gateway: watched,
          claims: new RememberedKubernetesIdClaims({
            claims: new CatalogKubernetesIdClaims({ catalog, auth: deps.auth }),
          }),
        });
        const finder = new EntityRolloutFinder({
          gateway: watched,
          config,
          binder,
          recorded: store.recorded,
        });
        const reader = new RolloutReader({
          finder,
          gateway: watched,
          explainer: new RunExplainer({ store }),
          clusterStatus:
            fleetState &&
            (cluster => {
              const skipped = background.skipReason(cluster);
              return skipped
                ? {
                    cluster,
                    source: 'live' as const,
                    connected: false,
                    error: new Error(skipped),
                  }
                : fleetState.status(cluster);
            }),
        });
        if (fleetState) {
          // Open Canary tabs refresh a lane as soon as its canary changes on the cluster.
          fleetState.onChange(change => {
            if (change.resource !== 'canaries') return;
            deps.signals
              .publish(
                canarySignal(
                  {
                    cluster: change.cluster,
                    namespace: change.object.metadata?.namespace ?? 'default',
                    name: change.object.metadata?.name ?? '',
                  },
                  'state',
                ),
              )
              .catch(error =>
                deps.logger.warn(`Could not signal a canary change: ${error}`),
              );
          });
          deps.lifecycle.addStartupHook(() => {
            fleetState.start();
          });
          deps.lifecycle.addShutdownHook(() => fleetState.stop());
        }

        // Flagger gate webhooks served by this backend, per cluster token.
        const gateStore = new GateStore({ db });
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
            gateway: background,
            owners: new CanaryOwnerLookup({
              catalog,
              auth: deps.auth,
              finder,
            }),
            notifications: deps.notifications,
            logger: deps.logger,
            outbox: new NotificationOutbox({ db }),
          });
          // Retries the notifications that could not be sent (any instance, one at a time).
          await deps.scheduler.scheduleTask({
            id: 'canary-notification-outbox',
            scope: 'global',
            frequency: { minutes: 1 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 30 },
            fn: () => notifier.drain(),
          });
          const recorder = new RolloutRecorder({
            gateway: background,
            store,
            logger: deps.logger,
            auditor: deps.auditor,
            // Tells open Canary tabs to read the canary's history (and lanes) again.
            onChange: canary =>
              deps.signals.publish(canarySignal(canary, 'history')),
            // Tells the owners when a rollout fails or waits for approval, once per transition.
            onRecorded: change => notifier.onRecorded(change),
            // The canaries' changes come, in order, from the fleet state's watch: not watched
            // twice, and a new leader replays what changed while the old one died.
            fleetState,
          });
          // One instance at a time records, continuously, holding a lease in the plugin database;
          // another takes over within 15 s when it dies. It starts once the Kubernetes plugin serves.
          const leadership = new RecorderLeadership({
            lease: new RecorderLease({
              db,
              holder: `${hostname()}:${process.pid}:${randomUUID()}`,
              ttlMs: RECORDER_LEASE_TTL_MS,
            }),
            renewEveryMs: RECORDER_LEASE_RENEW_MS,
            logger: deps.logger,
            work: signal => recorder.run({ signal }),
          });
          deps.lifecycle.addStartupHook(() => leadership.start());
          deps.lifecycle.addShutdownHook(() => leadership.stop());
        }

        // Retention of the history (any instance, one at a time).
        await deps.scheduler.scheduleTask({
          id: 'canary-history-prune',
          scope: 'global',
          frequency: { hours: 1 },
          timeout: { minutes: 10 },
          initialDelay: { seconds: 30 },
          fn: async () => {
            const cutoff = new Date(
              Date.now() - config.retentionDays * 24 * 60 * 60 * 1000,
            );
            await store.prune(cutoff);
            await gateStore.prune(cutoff);
          },
        });

        // Actions whose cluster answer never came (their instance died, or lost it and could not
        // read the cluster) are settled from the cluster: any instance, every 10 s.
        const settler = new PendingActionSettler({
          gateway: background,
          store,
          auditor: deps.auditor,
          logger: deps.logger,
        });
        await deps.scheduler.scheduleTask({
          id: 'canary-pending-actions',
          scope: 'local',
          frequency: { seconds: 10 },
          timeout: { minutes: 2 },
          initialDelay: { seconds: 5 },
          fn: async () => {
            await settler.settleDue();
          },
        });

        // One operations object behind every route, registered action and service-ref call:
        // the permission, service-principal, binding and audit checks happen there, once.
        const gateWebhooks = {
          gates: gateStore,
          gateTokens,
          logger: deps.logger,
        };
        const operations = createCanaryOperations({
          permissions: deps.permissions,
          catalog,
          finder,
          reader,
          store,
          diagnoser: new RolloutDiagnoser({
            gateway: watched,
            store,
            logger: deps.logger,
          }),
          actions: new RolloutActionRunner({ gateway, gates: gateApprover }),
          actionTimeoutMs: config.actions.timeoutMs,
          inbox: new RolloutInbox({
            catalog,
            permissions: deps.permissions,
            reader,
          }),
          metrics: new RolloutMetricsReader({
            gateway,
            store,
            prometheus: new PrometheusClient({
              gateway,
              requestTimeoutMs: config.prometheus.requestTimeoutMs,
            }),
            locator: PrometheusLocator.fromConfig(deps.config),
          }),
          auditor: deps.auditor,
          services: ServicePrincipalAccess.fromConfig(deps.config),
          readGrants: new ReadGrantCache({
            ttlMs: config.access.readGrantTtlMs,
          }),
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
