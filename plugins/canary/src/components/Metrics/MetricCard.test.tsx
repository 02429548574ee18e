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
  end: start + 300,
  stepSeconds: 60,
};

// A faulty revision: Flagger halted on request-success-rate and never checked request-duration,
// which reads 2,450 ms against a 500 ms maximum.
const duration: MetricSeries = {
  name: 'request-duration',
  source: 'builtin',
  threshold: { max: 500, unit: 'milliseconds', description: 'at most 500 ms' },
  canary: [
    [start + 60, 320],
    [start + 120, 1800],
    [start + 180, 2450],
  ],
  primary: [
    [start + 60, 210],
    [start + 120, 220],
    [start + 180, 215],
  ],
  failedChecks: [],
  problems: [],
};

describe('MetricCard', () => {
  it('marks a metric out of range although Flagger recorded no failed check for it', async () => {
    await renderInTestApp(<MetricCard metric={duration} range={range} />);
    const card = screen.getByRole('region', { name: 'request-duration' });
    expect(
      within(card).getByText('2 samples out of range'),
    ).toBeInTheDocument();
    expect(within(card).getByRole('status')).toHaveTextContent(
      "Out of range now: the canary's 2450 ms is above the maximum 500 ms (Flagger recorded no failed check for it: it halts on the first failing metric)",
    );
    expect(
      within(card).getByLabelText(
        /2 canary samples out of range, 0 failed checks/,
      ),
    ).toBeInTheDocument();
  });

  it('marks nothing while the canary stays within its range', async () => {
    const healthy: MetricSeries = {
      ...duration,
      canary: [
        [start + 60, 320],
        [start + 120, 410],
      ],
    };
    await renderInTestApp(<MetricCard metric={healthy} range={range} />);
    const card = screen.getByRole('region', { name: 'request-duration' });
    expect(within(card).queryByText(/out of range/)).not.toBeInTheDocument();
    expect(within(card).queryByRole('status')).not.toBeInTheDocument();
  });

  it('says a value below a minimum is out of range, with the recorded check', async () => {
    const successRate: MetricSeries = {
      name: 'request-success-rate',
      source: 'builtin',
      threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
      canary: [[start + 60, 18]],
      primary: [[start + 60, 100]],
      failedChecks: [
        {
          at: new Date((start + 60) * 1000).toISOString(),
          value: 18,
          threshold: 99,
          comparison: '<',
          message: 'Halt backend.webapp advancement success rate 18.00% < 99%',
        },
      ],
      problems: [],
    };
    await renderInTestApp(<MetricCard metric={successRate} range={range} />);
    const card = screen.getByRole('region', { name: 'request-success-rate' });
    expect(within(card).getByRole('status')).toHaveTextContent(
      "Out of range now: the canary's 18% is below the minimum 99%",
    );
    expect(within(card).getByRole('status')).not.toHaveTextContent(
      'no failed check',
    );
    expect(within(card).getByText('1 failed check')).toBeInTheDocument();
  });
});
