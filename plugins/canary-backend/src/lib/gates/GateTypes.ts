import type { BackendGate } from '@backstage-canary/plugin-canary-common';

/** One gate of one canary, as Flagger calls it for a run. */
export type GateKey = {
  cluster: string;
  namespace: string;
  name: string;
  /** The checksum Flagger sends in the webhook payload for the run. */
  revision: string;
  gate: BackendGate;
};

/** An approval (or, for the rollback gate, a rollback request) as stored. */
export type GateApproval = GateKey & {
  id: number;
  /** The run the approval is for; it opens the gate only while Flagger is in that run. */
  runId?: string;
  /** `metadata.uid` of the Canary the approval is for. */
  canaryUid?: string;
  /** sha256 of the run's revision (lastAppliedSpec and trackedConfigs). */
  revisionHash?: string;
  actor: string;
  reason: string;
  createdAt: string;
  /** When Flagger was first answered open with it. */
  usedAt?: string;
  /** When it stopped opening the gate: its run ended, or a traffic step used it. */
  spentAt?: string;
  /** Why it stopped opening the gate. */
  spentReason?: string;
};

/** The last call of Flagger to one gate of one canary revision. */
export type GateCall = GateKey & {
  phase?: string;
  /** What the gate answered the last time. */
  open: boolean;
  calls: number;
  firstAskedAt: string;
  lastAskedAt: string;
};

/** The run a canary was last seen in, as the gates know it. */
export type GateRunState = {
  runId: string;
  canaryUid: string;
  revisionHash: string;
  checksum: string;
  phase?: string;
  /** false once the run was seen to end. */
  active: boolean;
  observedAt: string;
};

/** The answer to one gate webhook call. */
export type GateAnswer = {
  open: boolean;
  /** The approval that opened the gate. */
  approval?: GateApproval;
};
