import { Lab } from '../lib/Lab';
import { readLabInfo } from '../lib/labInfo';
import { TEST_TIME_SCALE } from './labTestUtils';

/**
 * Jest globalSetup: starts the lab (idempotent: reuses the cached API server and running
 * processes) at the test time scale. What ran before is remembered for the teardown.
 */
export default async function globalSetup() {
  const lab = new Lab();
  const wasRunning = lab.isRunning();
  const previousScale = readLabInfo(lab.paths.labJson)?.timeScale;
  (globalThis as any).__fleetLabBefore = { wasRunning, previousScale };
  const began = Date.now();
  await lab.start({ timeScale: TEST_TIME_SCALE, quiet: true });
  process.stderr.write(
    `\n[fleet-lab] lab ${wasRunning ? 'reused' : 'started'} in ${(
      (Date.now() - began) /
      1000
    ).toFixed(1)}s at time scale ${TEST_TIME_SCALE}x\n`,
  );
}
