import { Lab } from '../lib/Lab';

/**
 * Jest globalTeardown: a lab the tests started is stopped again (set CANARY_LAB_KEEP=1 to keep
 * it); a lab that was already running keeps running, back at its previous time scale.
 */
export default async function globalTeardown() {
  const before = (globalThis as any).__fleetLabBefore as
    | { wasRunning: boolean; previousScale?: number }
    | undefined;
  const lab = new Lab();
  if (!before?.wasRunning) {
    if (process.env.CANARY_LAB_KEEP !== '1') {
      await lab.stop();
    }
    return;
  }
  if (before.previousScale !== undefined) {
    await lab.start({ timeScale: before.previousScale, quiet: true });
  }
}
