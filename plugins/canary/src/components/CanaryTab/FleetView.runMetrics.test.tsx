import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  EntityRolloutsResponse,
  FailedMetricCheck,
  MetricsQuery,
  RolloutMetricsResponse,
  RolloutRun,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { rollout, stubCanaryApi } from '../../__testUtils__/rollouts';
import { FleetView } from './FleetView';

// Picking a run in the timeline and reading its metrics card, as on the lab: run #24 failed at
// three checks, its retry #25 failed at three more a minute later.
jest.setTimeout(30_000);
// The API is a stub that answers at once, so every wait below is for rendering only: the whole
// tab (lanes, actions, timeline, metrics) in jsdom. That is slow but correct work, not a wait on
// anything that may not happen: at load 6.5 on two cores the run picker took 4.4 s to appear,
// with the expected calls only (one getEntityRollouts), far over the default one second.
configure({ asyncUtilTimeout: 15_000 });

const entityRef = 'component:default/rollout-demo';
const fleet: EntityRolloutsResponse = {
  entityRef,
  summary: '0 of 1 cluster promoted, 1 failed',
  errors: [],
  items: [rollout('kurator-member1')],
};

const failedRun = (
  id: number,
  startedAt: string,
  endedAt: string,
): RolloutRun => ({
  id,
  number: id,
  revision: `rev-${id}`,
  images: ['stefanprodan/podinfo:6.0.6'],
  startedAt,
  endedAt,
  outcome: 'Failed',
});
const run24 = failedRun(24, '2026-11-22T11:00:00Z', '2026-11-22T11:00:50Z');
const run25 = failedRun(25, '2026-11-22T11:01:10Z', '2026-11-22T11:02:00Z');

const halts = (...rates: number[]): FailedMetricCheck[] =>
  rates.map(rate => ({
    at: '2026-11-22T11:00:20Z',
    value: rate,
    threshold: 99,
    comparison: '<',
    message: `Halt backend.webapp advancement success rate ${rate.toFixed(
      2,
    )}% < 99%`,
  }));
const checksOf: Record<number, FailedMetricCheck[]> = {
  24: halts(91.56, 88.1, 85),
  25: halts(97.2, 96.4, 95.1),
};

/** The backend: a run's own checks when asked for a run, else every check of the range. */
const metricsAnswer = async (
  _entityRef: string,
  _canary: unknown,
  query: MetricsQuery = {},
): Promise<RolloutMetricsResponse> => ({
  range: {
    start: query.start ?? 0,
    end: query.end ?? 1,
    stepSeconds: query.stepSeconds ?? 1,
  },
  metrics: [
    {
      name: 'request-success-rate',
      source: 'builtin',
      threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
      canary: [],
      primary: [],
      failedChecks:
        query.runId === undefined
          ? [...checksOf[24], ...checksOf[25]]
          : checksOf[query.runId],
      problems: [],
    },
  ],
});

describe('FleetView: the metrics of a picked run', () => {
  it("asks for the picked run's metrics by its id and shows only that run's failed checks", async () => {
    const canaryApi = stubCanaryApi({
      getEntityRollouts: jest.fn(async () => fleet),
      listRuns: jest.fn(async () => ({ items: [run25, run24] })),
      getMetrics: jest.fn(metricsAnswer),
    });
    await renderInTestApp(<FleetView entityRef={entityRef} />, {
      apis: [[canaryApiRef, canaryApi], mockApis.permission()],
    });

    // The newest run is shown first.
    await userEvent.click(
      await screen.findByRole('button', { name: /#25 podinfo:6.0.6/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /#24 podinfo:6.0.6/ }),
    );

    await waitFor(() =>
      expect(canaryApi.getMetrics).toHaveBeenLastCalledWith(
        entityRef,
        { cluster: 'kurator-member1', namespace: 'webapp', name: 'backend' },
        expect.objectContaining({ runId: 24 }),
      ),
    );
    const card = await screen.findByRole('region', {
      name: 'request-success-rate',
    });
    await waitFor(() =>
      expect(within(card).getByText(/success rate 91.56% < 99%/)).toBeVisible(),
    );
    expect(within(card).getByText('3 failed checks')).toBeInTheDocument();
    expect(
      within(card).queryByText(/success rate 97.20% < 99%/),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(/failed checks of run #24 only$/),
    ).toBeInTheDocument();
  });
});
