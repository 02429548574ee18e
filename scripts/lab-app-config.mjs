// Writes .lab/app-config.lab.yaml from the running fleet lab's .lab/lab.json: the lab's clusters for
// the Kubernetes plugin (with the `backstage` service account's token and the lab's CA), the fleet's
// host cluster and each member's Prometheus for the Canary plugin, and a SQLite database on disk so the recorded history
// survives a restart of the backend. Each member also gets a gate token for the Flagger gate webhooks the
// backend serves (canary.gates.clusters.<member>.token), derived from the lab's own credentials so it
// is stable while the lab lives and never committed. Static tokens for two external callers are derived
// the same way (see below).
import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
// The lab's state directory (CANARY_LAB_STATE_DIR, as for `yarn lab`), by default .lab.
const labDir = process.env.CANARY_LAB_STATE_DIR
  ? resolve(process.env.CANARY_LAB_STATE_DIR)
  : join(root, '.lab');
const lab = JSON.parse(readFileSync(join(labDir, 'lab.json'), 'utf8'));

const clusters = lab.clusters.map(cluster => ({
  name: cluster.name,
  url: cluster.url,
  authProvider: 'serviceAccount',
  serviceAccountToken: cluster.tokens.backstage,
  caFile: cluster.caFile,
  skipMetricsLookup: true,
}));
const host = lab.clusters.find(cluster => cluster.role === 'host');
// Each member's Prometheus runs on loopback, which an API server's service proxy refuses to reach:
// the backend queries it directly.
const prometheus = Object.fromEntries(
  lab.clusters
    .filter(cluster => cluster.prometheusUrl)
    .map(cluster => [cluster.name, { url: cluster.prometheusUrl }]),
);

// A gate token is gate-only: it lets a member's Flagger ask the gates of that member's canaries.
const gates = Object.fromEntries(
  lab.clusters
    .filter(cluster => cluster.role === 'member')
    .map(cluster => [
      cluster.name,
      {
        token: createHmac('sha256', cluster.tokens.admin)
          .update(`backstage-canary gate token for ${cluster.name}`)
          .digest('hex')
          .slice(0, 40),
      },
    ]),
);

// Two external callers with static tokens, derived like the gate tokens: `release-bot`, which
// canary.access.services allows to read and to dry-run or apply rollout policies, and `stranger`, which it allows nothing. Other
// tools and the trust tests call the Canary API with them as service principals.
const externalToken = subject =>
  createHmac('sha256', host?.tokens.admin ?? 'lab')
    .update(`backstage-canary external token for ${subject}`)
    .digest('hex')
    .slice(0, 40);

const config = {
  backend: {
    database: {
      client: 'better-sqlite3',
      connection: { directory: join(labDir, 'backstage-db') },
    },
    auth: {
      externalAccess: ['release-bot', 'stranger'].map(subject => ({
        type: 'static',
        options: { token: externalToken(subject), subject },
      })),
    },
  },
  kubernetes: {
    serviceLocatorMethod: { type: 'multiTenant' },
    clusterLocatorMethods: [{ type: 'config', clusters }],
  },
  canary: {
    hostCluster: host?.name,
    prometheus: { clusters: prometheus },
    gates: { clusters: gates },
    access: {
      services: [
        {
          subject: 'release-bot',
          permissions: ['canary.rollout.read', 'canary.policy.create'],
        },
      ],
    },
  },
};

const target = join(labDir, 'app-config.lab.yaml');
// JSON is YAML: no YAML library needed before dependencies are installed.
writeFileSync(
  target,
  `# Written by scripts/lab-app-config.mjs from lab.json; do not edit.\n${JSON.stringify(
    config,
    null,
    2,
  )}\n`,
);
console.log(target);
