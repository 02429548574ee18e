import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Flagger's own Prometheus metrics (pkg/metrics/recorder.go), one set per member cluster. */
export class FlaggerMetrics {
  readonly info: Gauge;
  readonly total: Gauge;
  readonly status: Gauge;
  readonly weight: Gauge;
  readonly analysis: Gauge;
  readonly duration: Histogram;
  readonly successes: Counter;
  readonly failures: Counter;

  constructor(registry: Registry, meshProvider: string) {
    const registers = [registry];
    this.info = new Gauge({
      name: 'flagger_info',
      help: 'Flagger version and mesh provider information',
      labelNames: ['version', 'mesh_provider'],
      registers,
    });
    this.info.set(
      { version: '1.44.0-fleet-lab', mesh_provider: meshProvider },
      1,
    );
    this.total = new Gauge({
      name: 'flagger_canary_total',
      help: 'Total number of canary object',
      labelNames: ['namespace'],
      registers,
    });
    this.status = new Gauge({
      name: 'flagger_canary_status',
      help: 'Last canary analysis result',
      labelNames: ['name', 'namespace'],
      registers,
    });
    this.weight = new Gauge({
      name: 'flagger_canary_weight',
      help: 'The virtual service destination weight current value',
      labelNames: ['workload', 'namespace'],
      registers,
    });
    this.analysis = new Gauge({
      name: 'flagger_canary_metric_analysis',
      help: 'Last canary analysis result per metric',
      labelNames: ['name', 'namespace', 'metric'],
      registers,
    });
    this.duration = new Histogram({
      name: 'flagger_canary_duration_seconds',
      help: 'Seconds spent performing canary analysis.',
      labelNames: ['name', 'namespace'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.successes = new Counter({
      name: 'flagger_canary_successes_total',
      help: 'Total number of canary successes',
      labelNames: [
        'name',
        'namespace',
        'deployment_strategy',
        'analysis_status',
      ],
      registers,
    });
    this.failures = new Counter({
      name: 'flagger_canary_failures_total',
      help: 'Total number of canary failures',
      labelNames: [
        'name',
        'namespace',
        'deployment_strategy',
        'analysis_status',
      ],
      registers,
    });
  }

  setWeight(
    target: string,
    namespace: string,
    primary: number,
    canary: number,
  ) {
    this.weight.set({ workload: `${target}-primary`, namespace }, primary);
    this.weight.set({ workload: target, namespace }, canary);
  }

  setStatus(target: string, namespace: string, phase: string | undefined) {
    // 0 = Progressing, 2 = Failed, 1 = anything else
    let value = 1;
    if (phase === 'Progressing') value = 0;
    if (phase === 'Failed') value = 2;
    this.status.set({ name: target, namespace }, value);
  }
}
