import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  MetricSeries,
  RolloutMetricsResponse,
} from '@backstage-canary/plugin-canary-common';
import { MetricChecksTable } from './MetricChecksTable';

const start = 1_795_000_000;
const range: RolloutMetricsResponse['range'] = {
  start,
  end: start + 300,
  stepSeconds: 60,
};
const at = (i: number) => start + i * 60;
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

const successRate: MetricSeries = {
  name: 'request-success-rate',
  source: 'builtin',
  threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
  canary: [
    [at(1), 100],
    [at(2), 91.5],
  ],
  primary: [
    [at(1), 100],
    [at(2), 99.9],
  ],
  failedChecks: [
    {
      at: iso(at(2) + 3),
      value: 91.5,
      threshold: 99,
      comparison: '<',
      message: 'Halt backend.webapp advancement success rate 91.50% < 99%',
    },
  ],
  problems: [],
};

const duration: MetricSeries = {
  name: 'request-duration',
  source: 'builtin',
  threshold: { max: 500, unit: 'milliseconds', description: 'at most 500 ms' },
  canary: [[at(1), 237.25]],
  primary: [[at(1), 210]],
  failedChecks: [
    {
      at: iso(at(3) + 3),
      message:
        'Halt advancement no values found for istio metric request-duration probably backend.webapp is not receiving traffic',
    },
  ],
  problems: [],
};

const bodyRows = () =>
  within(screen.getByRole('table', { name: 'Checks of every metric' }))
    .getAllByRole('row')
    .slice(1);

describe('MetricChecksTable', () => {
  it("lists every metric's checks newest first, with values in their unit and failed rows marked", async () => {
    await renderInTestApp(
      <MetricChecksTable metrics={[successRate, duration]} range={range} />,
    );
    const rows = bodyRows();
    const cells = (row: HTMLElement) =>
      within(row)
        .getAllByRole('cell')
        .slice(1)
        .map(cell => cell.textContent);
    expect(rows.map(cells)).toEqual([
      ['request-duration', '—', '—', 'at most 500 ms', 'fail'],
      ['request-success-rate', '91.5%', '99.9%', 'at least 99%', 'fail'],
      ['request-duration', '237.3 ms', '210 ms', 'at most 500 ms', 'pass'],
      ['request-success-rate', '100%', '100%', 'at least 99%', 'pass'],
    ]);
    expect(rows.map(row => row.getAttribute('data-verdict'))).toEqual([
      'fail',
      'fail',
      'pass',
      'pass',
    ]);
    // Why it failed, on hover.
    expect(
      within(rows[1]).getByText('fail').closest('[title]'),
    ).toHaveAttribute(
      'title',
      '91.5% is below the minimum 99%\nHalt backend.webapp advancement success rate 91.50% < 99%',
    );
  });

  it('says when no metric has a check in the range', async () => {
    await renderInTestApp(
      <MetricChecksTable
        metrics={[{ ...duration, canary: [], failedChecks: [] }]}
        range={range}
      />,
    );
    expect(
      screen.getByText(
        'No metric has a sample or a failed check in this range.',
      ),
    ).toBeInTheDocument();
  });
});
