import type { RolloutRun } from '@backstage-canary/plugin-canary-common';
import { runLabel } from './RunPicker';

const run: RolloutRun = {
  id: 41,
  number: 3,
  revision: '567c55c7f',
  images: ['ghcr.io/stefanprodan/podinfo:6.0.5'],
  startedAt: '2026-11-20T10:00:00Z',
};

describe('runLabel', () => {
  it('names a run by its number within the canary, not its id', () => {
    expect(
      runLabel({ ...run, endedAt: '2026-11-20T10:05:00Z', outcome: 'Failed' }),
    ).toMatch(/^#3 podinfo:6\.0\.5 · Failed · /);
  });

  it('tells a running run from one a newer revision superseded', () => {
    expect(runLabel(run)).toMatch(/^#3 podinfo:6\.0\.5 · running · /);
    expect(runLabel({ ...run, endedAt: '2026-11-20T10:03:00Z' })).toMatch(
      /^#3 podinfo:6\.0\.5 · superseded · /,
    );
  });

  it('falls back to the revision when no image was read', () => {
    expect(runLabel({ ...run, images: [] })).toMatch(/^#3 567c55c7f · running/);
  });
});
