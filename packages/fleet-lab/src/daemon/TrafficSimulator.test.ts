import { behaviourOf } from './imageBehaviour';
import { SimApp, SimWorkload, TrafficSimulator } from './TrafficSimulator';

function workload(
  deployment: string,
  service: string,
  image: string,
  available = true,
): SimWorkload {
  return {
    deployment,
    service,
    available,
    replicas: available ? 2 : 0,
    behaviour: behaviourOf(image),
    templateHash: 'bcdfghjklm',
  };
}

function app(routes: SimApp['routes'], targetAvailable = true): SimApp {
  return {
    namespace: 'webapp',
    apexService: 'backend',
    port: 9898,
    mesh: 'istio',
    target: workload(
      'backend',
      'backend-canary',
      'podinfo:6.0.1-faulty',
      targetAvailable,
    ),
    primary: workload('backend-primary', 'backend-primary', 'podinfo:6.0.0'),
    routes,
  };
}

describe('TrafficSimulator', () => {
  const simulator = new TrafficSimulator({
    clusters: ['m1'],
    userRps: 20,
    view: () => [],
  });
  const rps = (
    a: SimApp,
    loads = [] as Parameters<TrafficSimulator['destinations']>[1],
  ) =>
    Object.fromEntries(
      simulator.destinations(a, loads).map(([w, r]) => [w.deployment, r]),
    );

  it('splits user traffic by the routes', () => {
    expect(
      rps(app({ primary: 90, canary: 10, mirrored: false, matched: false })),
    ).toEqual({
      backend: 2,
      'backend-primary': 18,
    });
  });

  it('sends only matched users to the canary in A/B runs, and mirrors fully', () => {
    expect(
      rps(app({ primary: 0, canary: 100, mirrored: false, matched: true })),
    ).toEqual({
      backend: 2,
      'backend-primary': 18,
    });
    expect(
      rps(app({ primary: 100, canary: 0, mirrored: true, matched: false })),
    ).toEqual({
      backend: 20,
      'backend-primary': 20,
    });
  });

  it('adds load tests aimed at the canary service and skips unavailable workloads', () => {
    const load = [
      { host: 'backend-canary.webapp', rps: 20, until: Date.now() + 1000 },
    ];
    expect(
      rps(
        app({ primary: 100, canary: 0, mirrored: false, matched: false }),
        load,
      ),
    ).toEqual({
      backend: 20,
      'backend-primary': 20,
    });
    expect(
      rps(
        app(
          { primary: 50, canary: 50, mirrored: false, matched: false },
          false,
        ),
        load,
      ),
    ).toEqual({
      'backend-primary': 10,
    });
  });

  it('records failures and slowness of faulty images', () => {
    const faulty = behaviourOf('stefanprodan/podinfo:6.0.2-faulty');
    expect(faulty.errorRatio).toBeGreaterThan(0.5);
    expect(faulty.latencyMs[0]).toBeGreaterThan(500);
    expect(behaviourOf('stefanprodan/podinfo:6.0.2').errorRatio).toBe(0);
    expect(behaviourOf('app:1-stuck').becomesReady).toBe(false);
  });
});
