import fs from 'node:fs';
import { LatencyProxy } from './LatencyProxy';

/** What the latency-proxy process serves: one proxy per cluster, all with the same delay. */
export type LatencyProxySpec = {
  delayMs: number;
  proxies: Array<{ cluster: string; listenPort: number; targetPort: number }>;
};

export function readLatencyProxySpec(file: string): LatencyProxySpec {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Runs every proxy of the spec in this process until SIGTERM or SIGINT (`start` runs it in the
 * background as `latency-proxy`).
 */
export async function runLatencyProxies(file: string): Promise<void> {
  const spec = readLatencyProxySpec(file);
  const proxies = spec.proxies.map(
    p =>
      new LatencyProxy({
        listenPort: p.listenPort,
        targetPort: p.targetPort,
        delayMs: spec.delayMs,
      }),
  );
  await Promise.all(proxies.map(p => p.listen()));
  for (const p of spec.proxies) {
    process.stdout.write(
      `${new Date().toISOString()} ${p.cluster}: 127.0.0.1:${
        p.listenPort
      } -> :${p.targetPort}, ${spec.delayMs} ms each way\n`,
    );
  }
  await new Promise<void>(resolve => {
    const shutdown = () => {
      Promise.all(proxies.map(p => p.close())).then(() => resolve());
      setTimeout(resolve, 2000).unref();
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}
