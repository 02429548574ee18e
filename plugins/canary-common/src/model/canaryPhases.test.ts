import {
  CANARY_PHASE,
  CANARY_PHASES,
  isAnalysisPhase,
  isApprovalPhase,
  isInitializingPhase,
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

  it('names every phase of the Canary CRD, each by itself', () => {
    expect(['', ...Object.values(CANARY_PHASE)]).toEqual([...CANARY_PHASES]);
    for (const [key, name] of Object.entries(CANARY_PHASE)) {
      expect(name).toBe(key);
    }
  });

  it('refuses, in the lint rule of the other packages, exactly the phase names', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rule = require('../../eslint/refusePhaseLiterals');
    expect(rule.FLAGGER_PHASE_NAMES).toEqual(Object.values(CANARY_PHASE));
    const pattern = new RegExp(
      /value=\/(.*)\/\]$/.exec(rule.PHASE_LITERAL_RESTRICTION.selector)![1],
    );
    expect(CANARY_PHASES.filter(phase => pattern.test(phase))).toEqual(
      Object.values(CANARY_PHASE),
    );
    expect(pattern.test('WaitingForApproval')).toBe(false);
  });

  it('initializes a (re)created canary outside any run', () => {
    expect(where(isInitializingPhase)).toEqual(['Initializing', 'Initialized']);
    expect(
      where(phase => isInitializingPhase(phase) && isRunPhase(phase)),
    ).toEqual([]);
    expect(isInitializingPhase(undefined)).toBe(false);
  });

  it('knows no run for an unknown or missing phase', () => {
    expect(isRunPhase(undefined)).toBe(false);
    expect(isRunPhase('Paused')).toBe(false);
    expect(runOutcomeOf(undefined)).toBeUndefined();
  });
});
