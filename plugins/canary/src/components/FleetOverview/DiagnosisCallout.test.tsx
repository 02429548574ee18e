import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RolloutDiagnosis } from '@backstage-canary/plugin-canary-common';
import { baseState, rollout } from '../../__testUtils__/rollouts';
import { DiagnosisCallout } from './DiagnosisCallout';
import { RolloutLane } from './RolloutLane';

const noData: RolloutDiagnosis = {
  moving: false,
  headline: 'Stuck: error-rate returned no data for 3 checks',
  causes: [
    {
      cause: 'metric-no-data',
      title: 'error-rate returned no data for 3 checks',
      evidence: [
        'Flagger halted the analysis 3 times since 2026-12-08T09:57:00.000Z: no values found for error-rate',
      ],
      fix: "Is traffic reaching backend-canary (a load tester webhook, real users)? Run the query against the metrics server and check its labels match the canary's pods.",
      subject: 'error-rate',
      query: 'sum(rate(http_requests_total{status=~"5.."}[1m]))',
    },
  ],
};

const progressing = baseState({
  phase: 'Progressing',
  label: 'Progressing',
  tone: 'progress',
});

describe('DiagnosisCallout', () => {
  it('says why the rollout is stuck: the cause, its evidence, what to do and the query', async () => {
    await renderInTestApp(<DiagnosisCallout diagnosis={noData} />);
    const callout = screen.getByRole('alert', { name: noData.headline });
    expect(within(callout).getByText(noData.headline)).toBeInTheDocument();
    expect(
      within(
        within(callout).getByRole('list', {
          name: 'Evidence: error-rate returned no data for 3 checks',
        }),
      ).getByText(/Flagger halted the analysis 3 times/),
    ).toBeInTheDocument();
    expect(within(callout).getByText(/^What to do:/)).toHaveTextContent(
      /^What to do: Is traffic reaching backend-canary/,
    );
    expect(
      within(callout).getByText(
        'sum(rate(http_requests_total{status=~"5.."}[1m]))',
      ),
    ).toBeInTheDocument();
  });
});

describe('RolloutLane with a diagnosis', () => {
  it('shows why a stuck rollout does not move at the top of its lane', async () => {
    await renderInTestApp(
      <RolloutLane
        rollout={rollout('kurator-member1', {
          state: progressing,
          diagnosis: noData,
        })}
        now={Date.now()}
      />,
    );
    expect(
      screen.getByRole('alert', { name: noData.headline }),
    ).toBeInTheDocument();
  });

  it('says nothing more for a rollout that moves', async () => {
    await renderInTestApp(
      <RolloutLane
        rollout={rollout('kurator-member1', {
          state: progressing,
          diagnosis: {
            moving: true,
            headline: 'Moving as its policy says',
            causes: [],
          },
        })}
        now={Date.now()}
      />,
    );
    expect(screen.queryByText('Moving as its policy says')).toBeNull();
    expect(screen.queryByText(/^Stuck/)).toBeNull();
  });

  it('leaves failing checks to the run explanation that already shows them', async () => {
    await renderInTestApp(
      <RolloutLane
        rollout={rollout('kurator-member1', {
          state: progressing,
          explanation: {
            kind: 'halted',
            headline: 'Halted: request-success-rate 91.6% is below 99%',
            summary: 'Halted: request-success-rate 91.6% is below 99%.',
            checks: [],
          },
          diagnosis: {
            moving: false,
            headline: 'Stuck: request-success-rate is out of range',
            causes: [
              {
                cause: 'checks-failing',
                title: 'request-success-rate is out of range',
                evidence: ['1 check out of range'],
                fix: 'The analysis is doing its job.',
              },
            ],
          },
        })}
        now={Date.now()}
      />,
    );
    expect(
      screen.getByRole('alert', {
        name: 'Halted: request-success-rate 91.6% is below 99%',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Stuck: request-success-rate is out of range'),
    ).toBeNull();
  });
});
