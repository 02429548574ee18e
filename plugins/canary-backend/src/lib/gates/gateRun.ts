import { createHash } from 'node:crypto';
import {
  type Canary,
  flaggerCanaryChecksum,
  isRunPhase,
} from '@backstage-canary/plugin-canary-common';

/**
 * One run of a canary as the gates see it. An approval is bound to one run, and only opens a gate
 * while Flagger is still in that run.
 */
export type GateRun = {
  /** `metadata.uid` of the Canary: a canary deleted and created again is another canary. */
  canaryUid: string;
  /** sha256 of the run's revision (`status.lastAppliedSpec` and `status.trackedConfigs`). */
  revisionHash: string;
  /** The checksum Flagger sends in each gate call of the run (32-bit, so matched with the run). */
  checksum: string;
  /**
   * The run: sha256 of the canary uid, the revision hash and the time the run started (the
   * `Promoted` condition's lastTransitionTime, which Flagger moves to Unknown when a run starts and
   * keeps until it ends), so a revert to an earlier revision is a new run.
   */
  runId: string;
  /** Whether the canary is in a run now; false once it is Succeeded, Failed, Initialized... */
  active: boolean;
  phase?: string;
};

function sha256(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** A collision-safe hash of the revision Flagger runs: `lastAppliedSpec` and the tracked configs. */
export function gateRevisionHash(status: Canary['status']): string {
  const tracked = status?.trackedConfigs ?? {};
  return sha256([
    status?.lastAppliedSpec ?? '',
    Object.keys(tracked)
      .sort()
      .map(key => [key, tracked[key]]),
  ]);
}

/** When the current run started, as far as the Canary's status says. */
function runStartOf(status: Canary['status']): string {
  const promoted = status?.conditions?.find(
    condition => condition.type === 'Promoted',
  );
  if (promoted?.status === 'Unknown') {
    return String(promoted.lastTransitionTime ?? '');
  }
  return '';
}

/** The run a Canary is in (or, when `active` is false, the run it last ended). */
export function gateRunOf(canary: Canary): GateRun {
  const status = canary.status;
  const canaryUid = canary.metadata.uid ?? '';
  const revisionHash = gateRevisionHash(status);
  const phase = status?.phase;
  return {
    canaryUid,
    revisionHash,
    checksum: flaggerCanaryChecksum(status ?? {}),
    runId: sha256([canaryUid, revisionHash, runStartOf(status)]),
    active: isRunPhase(phase),
    phase,
  };
}
