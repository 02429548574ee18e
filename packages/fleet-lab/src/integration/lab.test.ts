import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { ensureKubectl } from '../lib/apiserverBinary';
import { KubeError, KubeObject } from '../lib/KubeClient';
import { httpRequest } from '../lib/net';
import { labPaths } from '../lib/paths';
import { labInfo, withClient } from '../testing/labTestUtils';
import { shareTheLab } from '../testing/labLease';

const run = promisify(execFile);

async function expectStatus(
  promise: Promise<unknown>,
  code: number,
  reason: string,
) {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(KubeError);
  expect((error as KubeError).statusCode).toBe(code);
  expect((error as KubeError).reason).toBe(reason);
}

// The member-outage test runs while no other file uses the lab.
shareTheLab();

describe('the fleet lab', () => {
  it('lists the canaries of a member with kubectl and the lab kubeconfig', async () => {
    const kubectl = await ensureKubectl(labPaths().cacheDir);
    const member1 = labInfo().clusters.find(c => c.name === 'kurator-member1')!;
    const { stdout } = await run(
      kubectl,
      ['--kubeconfig', member1.kubeconfig, 'get', 'canary', '-A'],
      {
        timeout: 30_000,
      },
    );
    const lines = stdout.trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'NAMESPACE',
      'NAME',
      'STATUS',
      'WEIGHT',
      'LASTTRANSITIONTIME',
    ]);
    const rows = lines.slice(1).map(l => l.split(/\s+/).slice(0, 2).join('/'));
    expect(rows.sort()).toEqual([
      'kuma-demo/backend',
      'shop/checkout',
      'test/podinfo',
      'webapp/backend',
    ]);
    for (const line of lines.slice(1)) {
      expect(line.split(/\s+/)[2]).toMatch(
        /^(Initializing|Initialized|Waiting|Progressing|WaitingPromotion|Promoting|Finalising|Succeeded|Failed)$/,
      );
    }
  }, 60_000);

  it('gives the backstage service account exactly the plugin’s access', async () => {
    for (const cluster of labInfo().clusters) {
      await withClient(
        cluster.name,
        async c => {
          const self = await c.request(
            'POST',
            '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
            {
              body: {
                apiVersion: 'authorization.k8s.io/v1',
                kind: 'SelfSubjectAccessReview',
                spec: {
                  resourceAttributes: {
                    group: 'flagger.app',
                    resource: 'canaries',
                    verb: 'patch',
                  },
                },
              },
            },
          );
          expect(self.status.allowed).toBe(true);
          await expectStatus(
            c.list({ apiVersion: 'v1', kind: 'Secret' }),
            403,
            'Forbidden',
          );
          await expectStatus(
            c.list({ apiVersion: 'v1', kind: 'Service' }),
            403,
            'Forbidden',
          );
          await c.list({ apiVersion: 'apps/v1', kind: 'Deployment' });
          await c.list({ apiVersion: 'v1', kind: 'Event' });
          // Namespaces may carry a binding proof: the fleet state watches them.
          await c.list({ apiVersion: 'v1', kind: 'Namespace' });
        },
        'backstage',
      );
    }
    await withClient(
      'kurator-member1',
      async c => {
        const canaries = await c.list({
          apiVersion: 'flagger.app/v1beta1',
          kind: 'Canary',
        });
        expect(canaries.items.length).toBe(4);
        await expectStatus(
          c.delete({
            apiVersion: 'flagger.app/v1beta1',
            kind: 'Canary',
            namespace: 'test',
            name: 'podinfo',
          }),
          403,
          'Forbidden',
        );
        // a server-side dry run of a patch is allowed
        await c.request(
          'PATCH',
          '/apis/flagger.app/v1beta1/namespaces/test/canaries/podinfo',
          {
            body: { spec: { suspend: false } },
            contentType: 'application/merge-patch+json',
            query: { dryRun: 'All' },
          },
        );
      },
      'backstage',
    );
    await withClient(
      'host',
      async c => {
        const apps = await c.list({
          apiVersion: 'apps.kurator.dev/v1alpha1',
          kind: 'Application',
        });
        expect(apps.items.map(a => a.metadata.name).sort()).toEqual([
          'rollout-demo',
          'rollout-kuma-demo',
        ]);
        await c.list({
          apiVersion: 'fleet.kurator.dev/v1alpha1',
          kind: 'Fleet',
        });
        await c.list({
          apiVersion: 'cluster.kurator.dev/v1alpha1',
          kind: 'AttachedCluster',
        });
        // Kurator Clusters may be listed too (a sync policy's clusterSelector matches their
        // labels); the lab's host serves none, so ask the API server what it would allow.
        const review = await c.request(
          'POST',
          '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          {
            body: {
              apiVersion: 'authorization.k8s.io/v1',
              kind: 'SelfSubjectAccessReview',
              spec: {
                resourceAttributes: {
                  group: 'cluster.kurator.dev',
                  resource: 'clusters',
                  verb: 'list',
                },
              },
            },
          },
        );
        expect(review.status.allowed).toBe(true);
        await expectStatus(
          c.list({ apiVersion: 'v1', kind: 'Secret' }),
          403,
          'Forbidden',
        );
      },
      'backstage',
    );
  }, 60_000);

  it('answers 403 to the unprivileged user', async () => {
    expect.assertions(6);
    await withClient(
      'kurator-member1',
      c =>
        expectStatus(
          c.list({ apiVersion: 'flagger.app/v1beta1', kind: 'Canary' }),
          403,
          'Forbidden',
        ),
      'unprivileged',
    );
    await withClient(
      'host',
      c =>
        expectStatus(
          c.get({
            apiVersion: 'apps.kurator.dev/v1alpha1',
            kind: 'Application',
            namespace: 'default',
            name: 'rollout-demo',
          }),
          403,
          'Forbidden',
        ),
      'unprivileged',
    );
  });

  it('describes itself in lab.json', () => {
    const info = labInfo();
    expect(info.clusters.map(c => c.name)).toEqual([
      'host',
      'kurator-member1',
      'kurator-member2',
    ]);
    for (const c of info.clusters) {
      expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(fs.readFileSync(c.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
      expect(c.tokens.backstage.split('.')).toHaveLength(3); // a service-account JWT
      expect(fs.existsSync(c.kubeconfig)).toBe(true);
      expect(fs.existsSync(c.backstageKubeconfig)).toBe(true);
    }
    expect(info.clusters.filter(c => c.prometheusUrl).map(c => c.name)).toEqual(
      ['kurator-member1', 'kurator-member2'],
    );
  });

  it('shows the fleet with both attached clusters ready', async () => {
    await withClient('host', async c => {
      const fleet = await c.get<KubeObject>({
        apiVersion: 'fleet.kurator.dev/v1alpha1',
        kind: 'Fleet',
        namespace: 'default',
        name: 'quickstart',
      });
      expect(fleet.spec.clusters).toEqual([
        { name: 'kurator-member1', kind: 'AttachedCluster' },
        { name: 'kurator-member2', kind: 'AttachedCluster' },
      ]);
      expect(fleet.status).toMatchObject({ phase: 'Ready', readyClusters: 2 });
      const attached = await c.list({
        apiVersion: 'cluster.kurator.dev/v1alpha1',
        kind: 'AttachedCluster',
      });
      expect(
        attached.items.map(a => [a.metadata.name, a.status?.ready]),
      ).toEqual([
        ['kurator-member1', true],
        ['kurator-member2', true],
      ]);
    });
  });

  it('feeds mesh telemetry of every provider into each member’s Prometheus', async () => {
    const member1 = labInfo().clusters.find(c => c.name === 'kurator-member1')!;
    const query = async (q: string) => {
      const res = await httpRequest(
        `${member1.prometheusUrl}/api/v1/query?query=${encodeURIComponent(q)}`,
      );
      expect(res.status).toBe(200);
      return JSON.parse(res.body).data.result as Array<{
        metric: Record<string, string>;
        value: [number, string];
      }>;
    };
    const istio = await query(
      'sum by (destination_workload) (rate(istio_requests_total{reporter="destination", destination_workload_namespace="webapp"}[30s]))',
    );
    expect(istio.map(r => r.metric.destination_workload)).toContain(
      'backend-primary',
    );
    const linkerd = await query(
      'sum by (deployment) (rate(response_total{namespace="test", direction="inbound"}[30s]))',
    );
    expect(linkerd.map(r => r.metric.deployment)).toContain('podinfo-primary');
    const kuma = await query(
      'sum by (service) (rate(envoy_cluster_upstream_rq[30s]))',
    );
    expect(kuma.map(r => r.metric.service)).toContain(
      'backend-primary_kuma-demo_svc_9898',
    );
    // Flagger's own metrics: every tick records the canary status (1 = neither Progressing nor Failed)
    const status = await query('flagger_canary_status{namespace="shop"}');
    expect(status.map(r => r.metric.name)).toEqual(['checkout']);
    // user traffic reaches the primary all the time
    const primary = istio.find(
      r => r.metric.destination_workload === 'backend-primary',
    )!;
    expect(Number(primary.value[1])).toBeGreaterThan(0);
  });
});
