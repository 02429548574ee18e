import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  MetricSeries,
  RolloutRun,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { stubCanaryApi } from '../../__testUtils__/rollouts';
import { MetricsPanel } from './MetricsPanel';

const entityRef = 'component:default/rollout-demo';
const canary = {
  cluster: 'kurator-member1',
  namespace: 'webapp',
  name: 'backend',
};
const run: RolloutRun = {
  id: 24,
  number: 7,
  revision: '548c6b4cd4',
  images: ['stefanprodan/podinfo:6.0.6'],
  startedAt: '2026-11-22T01:56:00.000Z',
  endedAt: '2026-11-22T02:00:00.000Z',
  outcome: 'Failed',
};
const start = Date.parse(run.startedAt) / 1000 - 60;
const end = Date.parse(run.endedAt!) / 1000 + 60;
const at = (i: number) => start + i * 60;

const successRate: MetricSeries = {
  name: 'request-success-rate',
  source: 'builtin',
  threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
  canary: [
    [at(1), 100],
    [at(2), 99.5],
    [at(3), 42],
  ],
  primary: [],
  failedChecks: [
    {
      at: new Date((at(3) + 2) * 1000).toISOString(),
      value: 42,
      threshold: 99,
      comparison: '<',
      message: 'Halt backend.webapp advancement success rate 42.00% < 99%',
    },
  ],
  problems: [],
};
const duration: MetricSeries = {
  name: 'request-duration',
  source: 'builtin',
  threshold: { max: 500, unit: 'milliseconds', description: 'at most 500 ms' },
  canary: [
    [at(1), 120],
    [at(2), 130],
  ],
  primary: [],
  failedChecks: [],
  problems: [],
};

describe('MetricsPanel: the checks of a run', () => {
  it("lists every metric's checks of the run, newest first, with the failing one", async () => {
    const canaryApi = stubCanaryApi({
      getMetrics: jest.fn(async () => ({
        range: { start, end, stepSeconds: 60 },
        metrics: [successRate, duration],
      })),
    });
    renderInTestApp(
      <MetricsPanel entityRef={entityRef} canary={canary} run={run} />,
      { apis: [[canaryApiRef, canaryApi]] },
    );
    await screen.findByRole('region', { name: 'request-success-rate' });
    expect(
      screen.queryByRole('table', { name: 'Checks of every metric' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Checks' }));
    const table = screen.getByRole('table', { name: 'Checks of every metric' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(row => [
        within(row).getAllByRole('cell')[1].textContent,
        row.getAttribute('data-verdict'),
      ]),
    ).toEqual([
      ['request-success-rate', 'fail'],
      ['request-duration', 'pass'],
      ['request-success-rate', 'pass'],
      ['request-duration', 'pass'],
      ['request-success-rate', 'pass'],
    ]);
    expect(within(rows[0]).getByText('42%')).toBeInTheDocument();
    expect(within(rows[0]).getByText('fail')).toBeInTheDocument();
    expect(
      screen.queryByRole('region', { name: 'request-success-rate' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Chart' }));
    expect(
      screen.getByRole('region', { name: 'request-success-rate' }),
    ).toBeInTheDocument();
  }, 30_000);
});
