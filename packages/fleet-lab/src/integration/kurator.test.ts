import { KubeObject } from '../lib/KubeClient';
import { sleep } from '../lib/processes';
import { setSuspended } from '../scenarios/scenarios';
import { resolveTarget } from '../scenarios/targets';
import {
  canaryEventsSince,
  getCanary,
  labInfo,
  nowMinusOneSecond,
  waitForCanary,
  withClient,
} from '../testing/labTestUtils';
import { shareTheLab } from '../testing/labLease';

const MEMBERS = ['kurator-member1', 'kurator-member2'];

// The member-outage test runs while no other file uses the lab.
shareTheLab();

describe('the Kurator engine', () => {
  it('renders the rollout policy of rollout-demo into every member as documented', async () => {
    for (const cluster of MEMBERS) {
      const canary = await getCanary(cluster, 'webapp', 'backend');
      expect(canary.metadata.annotations).toEqual({
        'kurator.dev/rollout': 'rollout-demo-0',
      });
      expect(canary.spec).toMatchObject({
        provider: 'istio',
        targetRef: {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'backend',
        },
        progressDeadlineSeconds: 600,
        service: {
          name: 'backend',
          port: 9898,
          targetPort: 'http',
          timeout: '60s',
          gateways: ['istio-system/public-gateway'],
          hosts: ['backend.webapp'],
        },
        analysis: {
          interval: '90s',
          threshold: 2,
          maxWeight: 50,
          stepWeight: 10,
          metrics: [
            {
              name: 'request-success-rate',
              interval: '90s',
              thresholdRange: { min: 99 },
            },
            {
              name: 'request-duration',
              interval: '90s',
              thresholdRange: { max: 500 },
            },
          ],
          webhooks: [
            {
              name: 'generated-testload-0',
              url: 'http://backend-testloader.webapp/',
              timeout: '60s',
              metadata: {
                type: 'cmd',
                cmd: 'hey -z 1m -q 10 -c 2 http://backend-canary.webapp:9898/',
              },
            },
          ],
        },
      });
      expect(canary.spec.analysis.iterations).toBeUndefined();
      await withClient(cluster, async c => {
        const ns = await c.get<KubeObject>({
          apiVersion: 'v1',
          kind: 'Namespace',
          name: 'webapp',
        });
        expect(ns.metadata.labels?.['istio-injection']).toBe('enabled');
        const testloader = await c.get<KubeObject>({
          apiVersion: 'v1',
          kind: 'Service',
          namespace: 'webapp',
          name: 'backend-testloader',
        });
        expect(testloader.metadata.annotations?.['kurator.dev/rollout']).toBe(
          'rollout-demo-0',
        );
        expect(testloader.spec.ports[0]).toMatchObject({
          name: 'http',
          port: 80,
        });
        const template = await c.get<KubeObject>({
          apiVersion: 'flagger.app/v1beta1',
          kind: 'MetricTemplate',
          namespace: 'kuma-demo',
          name: 'kuma-request-success-rate',
        });
        expect(template.metadata.annotations?.['kurator.dev/rollout']).toBe(
          'rollout-kuma-demo-0',
        );
        expect(template.spec.provider).toMatchObject({
          type: 'prometheus',
          address: 'http://prometheus-server.mesh-observability:80',
        });
      });
      const kuma = await getCanary(cluster, 'kuma-demo', 'backend');
      expect(kuma.spec.provider).toBe('kuma');
      expect(kuma.spec.service.apex.annotations).toEqual({
        '9898.service.kuma.io/protocol': 'http',
      });
      expect(kuma.spec.analysis.metrics[0]).toEqual({
        name: 'kuma-request-success-rate',
        interval: '90s',
        thresholdRange: { min: 99 },
        templateRef: {
          name: 'kuma-request-success-rate',
          namespace: 'kuma-demo',
        },
      });
    }
  });

  it('overwrites a direct edit of a Kurator-managed Canary within one resync', async () => {
    const info = labInfo();
    const cluster = 'kurator-member1';
    const ref = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      namespace: 'kuma-demo',
      name: 'backend',
    };
    const began = Date.now();
    // the patched object as the apiserver stored it (a resync may already revert it before a read)
    const edited = await withClient(cluster, c =>
      c.patch(ref, {
        metadata: { annotations: { 'example.com/edited-by': 'a user' } },
        spec: { skipAnalysis: true, analysis: { threshold: 9 } },
      }),
    );
    expect(edited.spec.analysis.threshold).toBe(9);
    const reverted = await waitForCanary(
      cluster,
      'kuma-demo',
      'backend',
      c => c.spec.analysis.threshold === 2 && c.spec.skipAnalysis === undefined,
      info.kuratorResyncSeconds * 1000 * 3 + 5000,
    );
    const elapsed = Date.now() - began;
    // one resync plus the engine's 1 s poll and request latency on a busy machine
    expect(elapsed).toBeLessThanOrEqual(
      info.kuratorResyncSeconds * 1000 + 4000,
    );
    expect(reverted.metadata.annotations).toEqual({
      'kurator.dev/rollout': 'rollout-kuma-demo-0',
    });
  }, 60_000);

  it('aggregates every member’s canary status into the Application’s syncStatus', async () => {
    const info = labInfo();
    const deadline = Date.now() + info.kuratorResyncSeconds * 4000 + 5000;
    let lastError: unknown;
    while (Date.now() < deadline) {
      try {
        const app = await withClient('host', c =>
          c.get<KubeObject>({
            apiVersion: 'apps.kurator.dev/v1alpha1',
            kind: 'Application',
            namespace: 'default',
            name: 'rollout-demo',
          }),
        );
        const syncStatus: any[] = app.status?.syncStatus ?? [];
        expect(syncStatus.map(s => s.name).sort()).toEqual([
          'rollout-demo-0-attachedcluster-kurator-member1',
          'rollout-demo-0-attachedcluster-kurator-member2',
          'rollout-demo-1-attachedcluster-kurator-member1',
          'rollout-demo-1-attachedcluster-kurator-member2',
        ]);
        for (const cluster of MEMBERS) {
          const entry = syncStatus.find(
            s => s.name === `rollout-demo-0-attachedcluster-${cluster}`,
          );
          const canary = await getCanary(cluster, 'webapp', 'backend');
          expect(entry.rolloutStatus).toMatchObject({
            clusterName: cluster,
            rolloutNameInCluster: 'backend',
            rolloutStatusInCluster: {
              phase: canary.status.phase,
              lastAppliedSpec: canary.status.lastAppliedSpec,
            },
          });
        }
        // the kustomization-only policy has no rollout
        expect(
          syncStatus.find(s => s.name.startsWith('rollout-demo-1-'))
            .rolloutStatus,
        ).toBeUndefined();
        return;
      } catch (error) {
        lastError = error;
        await sleep(500);
      }
    }
    throw lastError;
  }, 60_000);

  it('pauses and resumes every member through the Application’s rolloutPolicy.suspend', async () => {
    const info = labInfo();
    const target = await resolveTarget(info, 'rollout-kuma-demo');
    const since = nowMinusOneSecond();
    await setSuspended(info, target, true);
    try {
      for (const cluster of MEMBERS) {
        await waitForCanary(
          cluster,
          'kuma-demo',
          'backend',
          c => c.spec.suspend === true,
          30_000,
        );
      }
      // Flagger's scheduler logs every tick of a suspended canary
      const deadline = Date.now() + 30_000;
      let events: string[] = [];
      while (Date.now() < deadline) {
        events = (
          await canaryEventsSince(
            'kurator-member2',
            'kuma-demo',
            'backend',
            since,
          )
        ).map(e => e.message);
        if (events.includes('skipping canary run as object is suspended'))
          break;
        await sleep(500);
      }
      expect(events).toContain('skipping canary run as object is suspended');
    } finally {
      await setSuspended(info, target, false);
    }
    for (const cluster of MEMBERS) {
      await waitForCanary(
        cluster,
        'kuma-demo',
        'backend',
        c => !c.spec.suspend,
        30_000,
      );
    }
  }, 120_000);
});
