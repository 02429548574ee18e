import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  MetricSeries,
  RolloutMetricsResponse,
} from '@backstage-canary/plugin-canary-common';
import { MetricCard } from './MetricCard';

const start = 1_795_000_000;
const range: RolloutMetricsResponse['range'] = {
  start,
  end: start + 540,
  stepSeconds: 60,
};
const at = (i: number) => start + i * 60;

const successRate: MetricSeries = {
  name: 'request-success-rate',
  source: 'builtin',
  threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
  query:
    'sum(rate(istio_requests_total{destination_workload=~"backend", response_code!~"5.*"}[1m]))',
  canary: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(i => [at(i), 99.8]),
  primary: [],
  failedChecks: [],
  problems: [],
};

const renderCard = (metric: MetricSeries) =>
  renderInTestApp(<MetricCard metric={metric} range={range} />);

describe('MetricCard: whether the metric gets data', () => {
  beforeEach(() => {
    // The range is an hour past.
    jest.spyOn(Date, 'now').mockReturnValue((start + 4200) * 1000);
  });
  afterEach(() => jest.restoreAllMocks());

  it('says a metric with no data, with a note naming its query, instead of a silent empty chart', async () => {
    await renderCard({ ...successRate, canary: [] });
    const card = screen.getByRole('region', { name: 'request-success-rate' });
    expect(within(card).getByText('No data')).toBeInTheDocument();
    const note = within(card).getByRole('alert');
    expect(note).toHaveTextContent(
      'request-success-rate returned no data in this range: is traffic reaching the canary?',
    );
    expect(note).toHaveTextContent(
      'query: sum(rate(istio_requests_total{destination_workload=~"backend", response_code!~"5.*"}[1m]))',
    );
    expect(within(card).queryByRole('figure')).not.toBeInTheDocument();
  });

  it('says a query that failed, with the problem', async () => {
    await renderCard({
      ...successRate,
      name: 'error-rate',
      source: 'template',
      query: undefined,
      canary: [],
      problems: ['MetricTemplate webapp/error-rate not found'],
    });
    const card = screen.getByRole('region', { name: 'error-rate' });
    expect(within(card).getByText('Query failed')).toBeInTheDocument();
    expect(within(card).getAllByRole('alert')).toHaveLength(1);
    expect(within(card).getByRole('alert')).toHaveTextContent(
      'error-rate could not be queried: MetricTemplate webapp/error-rate not found',
    );
  });

  it('says where data is missing as a status, with the chart', async () => {
    await renderCard({
      ...successRate,
      canary: successRate.canary.filter((_, i) => i !== 4 && i !== 5),
    });
    const card = screen.getByRole('region', { name: 'request-success-rate' });
    expect(within(card).getByText('Gaps')).toBeInTheDocument();
    expect(within(card).getByRole('status')).toHaveTextContent(
      'request-success-rate returned no data for 2 of 10 intervals of 1m',
    );
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(card).getByRole('figure')).toBeInTheDocument();
  });

  it('shows only a badge while the metric receives data', async () => {
    await renderCard(successRate);
    const card = screen.getByRole('region', { name: 'request-success-rate' });
    expect(within(card).getByText('Receiving data')).toBeInTheDocument();
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(card).queryByRole('status')).not.toBeInTheDocument();
  });
});
