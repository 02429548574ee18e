import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  MetricSeries,
  RolloutMetricsResponse,
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
  id: 16,
  number: 4,
  revision: '548c6b4cd4',
  images: ['stefanprodan/podinfo:6.0.6'],
  startedAt: '2026-11-22T01:56:00.000Z',
  endedAt: '2026-11-22T02:06:00.000Z',
  outcome: 'Succeeded',
};
const start = Date.parse(run.startedAt) / 1000 - 60;
const end = Date.parse(run.endedAt!) / 1000 + 60;

const successRate: MetricSeries = {
  name: 'request-success-rate',
  source: 'builtin',
  threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
  query:
    'sum(rate(istio_requests_total{destination_workload=~"backend", response_code!~"5.*"}[1m]))',
  primaryQuery:
    'sum(rate(istio_requests_total{destination_workload=~"backend-primary", response_code!~"5.*"}[1m]))',
  canary: [
    [start + 60, 100],
    [start + 120, 91.5],
    [start + 180, 99.5],
  ],
  primary: [
    [start + 60, 100],
    [start + 120, 100],
    [start + 180, 99.9],
  ],
  failedChecks: [
    {
      at: new Date((start + 120) * 1000).toISOString(),
      value: 91.5,
      threshold: 99,
      comparison: '<',
      message: 'Halt backend.webapp advancement success rate 91.50% < 99%',
    },
  ],
  problems: [],
};

const errorRate: MetricSeries = {
  name: 'error-rate',
  source: 'template',
  threshold: { max: 1, unit: 'value', description: 'at most 1' },
  canary: [],
  primary: [],
  failedChecks: [],
  problems: ['MetricTemplate webapp/error-rate not found'],
};

const duration: MetricSeries = {
  name: 'request-duration',
  source: 'builtin',
  threshold: { max: 500, unit: 'milliseconds', description: 'at most 500 ms' },
  query: 'histogram_quantile(0.99, ...)',
  canary: [],
  primary: [],
  failedChecks: [],
  problems: [],
};

const answer = (metrics: MetricSeries[]): RolloutMetricsResponse => ({
  range: { start, end, stepSeconds: 6 },
  metrics,
});

const renderPanel = (
  metrics: MetricSeries[],
  props: { run?: RolloutRun } = { run },
) => {
  const canaryApi = stubCanaryApi({
    getMetrics: jest.fn(async () => answer(metrics)),
  });
  renderInTestApp(
    <MetricsPanel entityRef={entityRef} canary={canary} {...props} />,
    { apis: [[canaryApiRef, canaryApi]] },
  );
  return canaryApi;
};

describe('MetricsPanel', () => {
  it("draws each metric's canary and primary against its threshold, over the run's range", async () => {
    const canaryApi = renderPanel([successRate, duration]);
    const card = await screen.findByRole('region', {
      name: 'request-success-rate',
    });
    // The run's id goes along: its failed checks only, not a neighbouring run's in the margins.
    expect(canaryApi.getMetrics).toHaveBeenCalledWith(entityRef, canary, {
      start,
      end,
      stepSeconds: expect.any(Number),
      runId: 16,
    });
    expect(
      screen.getByText(/failed checks of run #4 only$/),
    ).toBeInTheDocument();
    expect(
      within(card).getByText('Accepted: at least 99%'),
    ).toBeInTheDocument();
    expect(
      within(card).getByRole('figure', {
        name: 'request-success-rate over time: canary 3 samples, primary 3 samples, accepted at least 99%, 1 canary sample out of range, 1 failed check',
      }),
    ).toBeInTheDocument();
    expect(
      within(card).getByText('Latest: canary 99.5% · primary 99.9%'),
    ).toBeInTheDocument();
    expect(within(card).getByText('1 failed check')).toBeInTheDocument();
    expect(
      within(card).getByText(/success rate 91.50% < 99%/),
    ).toBeInTheDocument();
    // Labelled by its number within the canary, not its id.
    expect(screen.getByRole('button', { name: 'Run #4' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('says when a metric has no samples in the range', async () => {
    renderPanel([successRate, duration]);
    const card = await screen.findByRole('region', {
      name: 'request-duration',
    });
    expect(
      within(card).getByText('Accepted: at most 500 ms'),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(
        'No samples in this range — is traffic reaching the canary?',
      ),
    ).toBeInTheDocument();
    expect(within(card).queryByRole('figure')).not.toBeInTheDocument();
  });

  it("shows a metric's problems in its own card while the others still render", async () => {
    renderPanel([errorRate, successRate]);
    const broken = await screen.findByRole('region', { name: 'error-rate' });
    expect(within(broken).getByRole('alert')).toHaveTextContent(
      'MetricTemplate webapp/error-rate not found',
    );
    const healthy = screen.getByRole('region', {
      name: 'request-success-rate',
    });
    expect(within(healthy).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(healthy).getByRole('figure')).toBeInTheDocument();
  });

  it('shows the canary and primary queries on demand, each with a copy button', async () => {
    renderPanel([successRate]);
    const card = await screen.findByRole('region', {
      name: 'request-success-rate',
    });
    expect(within(card).queryByText(/backend-primary/)).not.toBeInTheDocument();
    await userEvent.click(
      within(card).getByRole('button', { name: 'Queries' }),
    );
    expect(
      await within(card).findByText(/destination_workload=~"backend-primary"/),
    ).toBeInTheDocument();
    expect(
      within(card).getByText(/destination_workload=~"backend", response_code/),
    ).toBeInTheDocument();
    expect(
      within(card).getAllByRole('button', { name: 'Copy text' }),
    ).toHaveLength(2);
  }, 30_000);

  it('reads the last hour or six hours when picked, and the last hour without a run', async () => {
    const canaryApi = renderPanel([successRate], {});
    await screen.findByRole('region', { name: 'request-success-rate' });
    const span = (call: number) => {
      const range = canaryApi.getMetrics.mock.calls[call][2]!;
      return range.end! - range.start!;
    };
    expect(span(0)).toBe(3600);
    expect(screen.getByRole('button', { name: 'Run range' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Last 6 hours' }));
    await waitFor(() => expect(canaryApi.getMetrics).toHaveBeenCalledTimes(2));
    expect(span(1)).toBe(6 * 3600);
  });

  it("reads every run's failed checks over the last hours, even with a run picked", async () => {
    const canaryApi = renderPanel([successRate]);
    await screen.findByRole('region', { name: 'request-success-rate' });
    await userEvent.click(screen.getByRole('button', { name: 'Last hour' }));
    await waitFor(() => expect(canaryApi.getMetrics).toHaveBeenCalledTimes(2));
    const range = canaryApi.getMetrics.mock.calls[1][2]!;
    expect(range.end! - range.start!).toBe(3600);
    expect(range.runId).toBeUndefined();
    expect(screen.queryByText(/failed checks of run/)).not.toBeInTheDocument();
  });

  it('says when the analysis has no metrics', async () => {
    renderPanel([]);
    expect(
      await screen.findByText("This canary's analysis has no metrics."),
    ).toBeInTheDocument();
  });
});
