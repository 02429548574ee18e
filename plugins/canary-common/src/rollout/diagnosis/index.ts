export { diagnoseRollout, expectsMovement } from './diagnoseRollout';
export {
  STUCK_CAUSES,
  type DiagnosedCause,
  type DiagnosisInput,
  type RolloutDiagnosis,
  type StuckCause,
} from './types';
