import type { BackendGate } from '@backstage-canary/plugin-canary-common';

/** One gate of one canary revision on one cluster. */
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
  actor: string;
  reason: string;
  createdAt: string;
  /** When Flagger was first answered open with it. */
  usedAt?: string;
  /** When it stopped opening the gate (a confirm-traffic-increase approval after one step). */
  spentAt?: string;
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

/** The answer to one gate webhook call. */
export type GateAnswer = {
  open: boolean;
  /** The approval that opened the gate. */
  approval?: GateApproval;
};
