import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { LabInfo } from './labInfo';

/**
 * The gate token of a member, derived from the lab's admin token exactly as
 * scripts/lab-app-config.mjs derives it, so both configs agree.
 */
function gateToken(adminToken: string, cluster: string): string {
  return createHmac('sha256', adminToken)
    .update(`backstage-canary gate token for ${cluster}`)
    .digest('hex')
    .slice(0, 40);
}

/**
 * Backstage configuration for a scale lab (`<state>/app-config.scale.yaml`): every cluster for the
 * Kubernetes plugin at the URL Backstage should use (the latency proxy when there is one) with the
 * `backstage` service account, the host cluster, each member's Prometheus and gate token for the
 * Canary plugin, and a SQLite database in the lab's state directory (so a backend on the scale lab
 * never shares the demo lab's database). Layer it last:
 * `--config app-config.yaml --config <state>/app-config.scale.yaml`.
 */
export function scaleAppConfig(info: LabInfo, stateDir: string) {
  const host = info.clusters.find(c => c.role === 'host');
  const members = info.clusters.filter(c => c.role === 'member');
  return {
    backend: {
      database: {
        client: 'better-sqlite3',
        connection: { directory: path.join(stateDir, 'backstage-db') },
      },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: info.clusters.map(c => ({
            name: c.name,
            url: c.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: c.tokens.backstage,
            caFile: c.caFile,
            skipMetricsLookup: true,
          })),
        },
      ],
    },
    canary: {
      hostCluster: host?.name,
      prometheus: {
        clusters: Object.fromEntries(
          members
            .filter(c => c.prometheusUrl)
            .map(c => [c.name, { url: c.prometheusUrl }]),
        ),
      },
      gates: {
        clusters: Object.fromEntries(
          members.map(c => [
            c.name,
            { token: gateToken(c.tokens.admin, c.name) },
          ]),
        ),
      },
    },
  };
}

/** The file's text: JSON is YAML. */
export function renderScaleAppConfig(info: LabInfo, stateDir: string): string {
  return `# Written by \`yarn lab start\` (scale profile) from lab.json; do not edit.\n${JSON.stringify(
    scaleAppConfig(info, stateDir),
    null,
    2,
  )}\n`;
}
