import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { RunExplanation } from '@backstage-canary/plugin-canary-common';
import { FailureCallout } from './FailureCallout';
import { RolloutLane } from './RolloutLane';
import { baseState, rollout } from '../../__testUtils__/rollouts';

const rolledBack: RunExplanation = {
  kind: 'rolled-back',
  headline: 'Rolled back after 2 of 2 failed checks',
  summary: 'Rolled back after 2 of 2 failed checks …',
  cause: 'failed-checks',
  checks: [
    {
      name: 'request-success-rate',
      value: 18,
      threshold: 99,
      comparison: '<',
      unit: 'percent',
      text: 'request-success-rate 18% is below the minimum 99%',
    },
  ],
  stoppedAt: { step: 2, totalSteps: 6, weight: 20 },
  failedChecks: { count: 2, threshold: 2 },
  at: '2026-12-07T11:06:00.000Z',
  rolledBackTo: { images: ['stefanprodan/podinfo:6.0.1'], spec: '7b779dcc48' },
  traffic: 'All traffic is on backend-primary.',
};

describe('FailureCallout', () => {
  it('explains a rollback: metric against its bound, step, failed checks then, when and to what', async () => {
    await renderInTestApp(<FailureCallout explanation={rolledBack} />);
    const callout = screen.getByRole('alert', {
      name: 'Rolled back after 2 of 2 failed checks',
    });
    expect(
      within(callout).getByText('Rolled back after 2 of 2 failed checks'),
    ).toBeInTheDocument();
    expect(
      within(within(callout).getByRole('list', { name: 'Failed checks' }))
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['request-success-rate 18% is below the minimum 99%']);
    expect(callout).toHaveTextContent(
      'Stopped at step 2 of 6, with 20% of traffic on the canary',
    );
    expect(callout).toHaveTextContent(
      'Failed checks at the time of failure: 2 of 2',
    );
    expect(callout).toHaveTextContent(
      `Rolled back at ${new Date('2026-12-07T11:06:00.000Z').toLocaleString()}`,
    );
    expect(callout).toHaveTextContent(
      'Serving the previous revision stefanprodan/podinfo:6.0.1 (spec 7b779dcc48)',
    );
  });

  it('says where the traffic is after a failed promotion instead of "scaled to zero"', async () => {
    await renderInTestApp(
      <FailureCallout
        explanation={{
          kind: 'promotion-failed',
          headline: 'Promotion failed: backend-primary did not become ready',
          summary: '',
          cause: 'primary-not-ready',
          checks: [],
          traffic:
            'All traffic is on the new revision (backend), not on backend-primary: the primary never became ready after the promotion.',
          error:
            'backend-primary.webapp not ready: waiting for rollout to finish',
        }}
      />,
    );
    const callout = screen.getByRole('alert');
    expect(callout).toHaveTextContent(
      'All traffic is on the new revision (backend), not on backend-primary',
    );
    expect(callout).toHaveTextContent(
      'Flagger: backend-primary.webapp not ready: waiting for rollout to finish',
    );
    expect(callout).not.toHaveTextContent('scaled to zero');
  });

  it('says who promoted a run manually and that the analysis was skipped', async () => {
    await renderInTestApp(
      <FailureCallout
        explanation={{
          kind: 'promoted-manually',
          headline: 'Promoted manually by user:default/guest, analysis skipped',
          summary: '',
          checks: [],
          stoppedAt: { step: 2, totalSteps: 6, weight: 20 },
          actor: 'user:default/guest',
        }}
      />,
    );
    const callout = screen.getByRole('alert');
    expect(callout).toHaveTextContent(
      'Promoted manually by guest, analysis skipped',
    );
    expect(callout).toHaveTextContent(
      'Promoted at step 2 of 6, with 20% of traffic on the canary',
    );
  });
});

describe('RolloutLane with an explanation', () => {
  it('puts the explanation at the top and shows the failed checks the run had, not 0', async () => {
    await renderInTestApp(
      <RolloutLane
        now={Date.now()}
        rollout={rollout('kurator-member1', {
          explanation: rolledBack,
          failedChecks: { count: 2, threshold: 2 },
          state: baseState({
            phase: 'Failed',
            label: 'Failed, rolled back',
            tone: 'failure',
            description: 'The last run failed and was rolled back.',
            progress: {
              completedSteps: 2,
              totalSteps: 6,
              fraction: 2 / 6,
              ended: 'rolled-back',
            },
          }),
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member1' });
    expect(
      within(lane).getByRole('alert', {
        name: 'Rolled back after 2 of 2 failed checks',
      }),
    ).toBeInTheDocument();
    expect(within(lane).getByText('2 of 2')).toBeInTheDocument();
    expect(
      within(lane).getByRole('list', { name: 'Rolled back after step 2 of 6' }),
    ).toBeInTheDocument();
  });

  it('does not turn the skipped steps of a manually promoted run green', async () => {
    await renderInTestApp(
      <RolloutLane
        now={Date.now()}
        rollout={rollout('kurator-member1', {
          explanation: {
            kind: 'promoted-manually',
            headline:
              'Promoted manually by user:default/guest, analysis skipped',
            summary: '',
            checks: [],
            actor: 'user:default/guest',
          },
          state: baseState({
            description:
              'Promoted manually by user:default/guest, analysis skipped: the remaining steps were not analysed.',
            progress: {
              completedSteps: 2,
              totalSteps: 6,
              fraction: 2 / 6,
              ended: 'analysis-skipped',
            },
          }),
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member1' });
    expect(lane).not.toHaveTextContent('analysis completed successfully');
    const steps = within(lane).getByRole('list', {
      name: 'Promoted manually after step 2 of 6; steps 3 to 6 skipped, not analysed',
    });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map(item => item.getAttribute('title')),
    ).toEqual([
      '10% (done)',
      '20% (done)',
      '30% (skipped, not analysed)',
      '40% (skipped, not analysed)',
      '50% (skipped, not analysed)',
      'Promote (skipped, not analysed)',
    ]);
  });
});
