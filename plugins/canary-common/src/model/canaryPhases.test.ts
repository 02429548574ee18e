import {
  CANARY_PHASES,
  isAnalysisPhase,
  isApprovalPhase,
  isRunPhase,
  runOutcomeOf,
} from '..';

describe('canary phases', () => {
  const where = (predicate: (phase: string) => boolean) =>
    CANARY_PHASES.filter(predicate);

  it('names the phases of a run in progress, in the order of a run', () => {
    expect(where(isRunPhase)).toEqual([
      'Waiting',
      'Progressing',
      'WaitingPromotion',
      'Promoting',
      'Finalising',
    ]);
  });

  it('ends a run only with Succeeded or Failed', () => {
    expect(CANARY_PHASES.map(runOutcomeOf).filter(Boolean)).toEqual([
      'Succeeded',
      'Failed',
    ]);
  });

  it('analyses while Progressing or waiting for promotion, and waits for approvals at both gates', () => {
    expect(where(isAnalysisPhase)).toEqual(['Progressing', 'WaitingPromotion']);
    expect(where(isApprovalPhase)).toEqual(['Waiting', 'WaitingPromotion']);
  });

  it('knows no run for an unknown or missing phase', () => {
    expect(isRunPhase(undefined)).toBe(false);
    expect(isRunPhase('Paused')).toBe(false);
    expect(runOutcomeOf(undefined)).toBeUndefined();
  });
});
