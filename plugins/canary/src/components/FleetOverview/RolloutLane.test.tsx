import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { RolloutLane } from './RolloutLane';
import { baseState, rollout } from '../../__testUtils__/rollouts';

const now = Date.now();

describe('RolloutLane', () => {
  it('shows a progressing run: phase, where the step bar stands, weight and checks', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member1', {
          lastTransitionTime: new Date(now - 125_000).toISOString(),
          failedChecks: { count: 1, threshold: 2 },
          state: baseState({
            phase: 'Progressing',
            label: 'Progressing',
            tone: 'progress',
            description: 'Analysing the canary at 20% of traffic.',
            weight: { status: 20, effective: 20, source: 'status' },
            progress: { completedSteps: 2, totalSteps: 6, fraction: 2 / 6 },
            failedChecks: 1,
          }),
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member1' });
    expect(within(lane).getByText('Progressing')).toBeInTheDocument();
    expect(within(lane).getByText('Step 2 of 6 done')).toBeInTheDocument();
    const steps = within(lane).getByRole('list', { name: 'Step 2 of 6 done' });
    expect(
      within(steps)
        .getAllByRole('listitem')
        .find(item => item.getAttribute('aria-current') === 'step'),
    ).toHaveTextContent('30%');
    expect(
      within(lane).getByText('20%', { selector: 'div' }),
    ).toBeInTheDocument();
    expect(within(lane).getByText('1 of 2')).toBeInTheDocument();
    expect(within(lane).getByText('2m 5s')).toBeInTheDocument();
    expect(
      within(lane).getByText('stefanprodan/podinfo:6.0.4'),
    ).toBeInTheDocument();
    expect(
      within(lane).getByText(/Kurator member of fleet quickstart/),
    ).toBeInTheDocument();
  });

  it('shows the real traffic weight while waiting for promotion, and why the status reads 0', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member2', {
          state: baseState({
            phase: 'WaitingPromotion',
            label: 'Waiting for promotion approval',
            tone: 'waiting',
            description: 'All steps passed; the promotion gate is closed.',
            weight: {
              status: 0,
              effective: 50,
              source: 'plan',
              note: 'Flagger resets status.canaryWeight to 0 while waiting; the canary still receives 50%.',
            },
            progress: { completedSteps: 5, totalSteps: 6, fraction: 5 / 6 },
          }),
        })}
      />,
    );
    expect(
      screen.getByText('Waiting for promotion approval'),
    ).toBeInTheDocument();
    expect(screen.getByText('50%', { selector: 'div' })).toBeInTheDocument();
    expect(
      screen.getByText('status.canaryWeight reads 0%'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/the canary still receives 50%/),
    ).toBeInTheDocument();
  });

  it('shows a succeeded run with every step done', async () => {
    await renderInTestApp(
      <RolloutLane now={now} rollout={rollout('kurator-member1')} />,
    );
    expect(screen.getByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByText('Step 6 of 6 done')).toBeInTheDocument();
    expect(
      screen
        .getAllByRole('listitem')
        .some(item => item.getAttribute('aria-current') === 'step'),
    ).toBe(false);
  });

  it('shows a failed, reverted run with its failed checks', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member2', {
          failedChecks: { count: 2, threshold: 2 },
          state: baseState({
            phase: 'Failed',
            label: 'Failed, reverted',
            tone: 'failure',
            description:
              'The analysis failed and the workload was reverted to the promoted revision.',
            reverted: true,
            progress: undefined,
            failedChecks: 2,
          }),
        })}
      />,
    );
    expect(screen.getByText('Failed, reverted')).toBeInTheDocument();
    expect(
      screen.getByText(/reverted to the promoted revision/),
    ).toBeInTheDocument();
    expect(screen.getByText('2 of 2')).toBeInTheDocument();
    expect(
      screen.getByText('6 planned steps; no run in progress'),
    ).toBeInTheDocument();
  });

  it('shows a cluster that could not be read as an error in its lane', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member2', {
          state: undefined,
          error: {
            cluster: 'kurator-member2',
            name: 'ServiceUnavailableError',
            message: 'connect ECONNREFUSED',
          },
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member2' });
    expect(
      within(lane).getByText(
        /Could not read kurator-member2: connect ECONNREFUSED/,
      ),
    ).toBeInTheDocument();
  });

  it('says when the cluster side does not bind the rollout to the entity, and what to add where', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member1', {
          binding: {
            bound: false,
            reason:
              'Not bound: add the annotation backstage-canary.io/entity-ref: component:default/podinfo to Canary shop/checkout on cluster kurator-member1 or to its namespace shop',
          },
        })}
      />,
    );
    const lane = screen.getByRole('region', { name: 'kurator-member1' });
    expect(
      within(lane).getByText(
        /Not bound: add the annotation backstage-canary.io\/entity-ref: component:default\/podinfo to Canary shop\/checkout/,
      ),
    ).toHaveTextContent('can neither see nor act on this rollout');
  });

  it('says when Kurator has not rendered the canary on a member yet', async () => {
    await renderInTestApp(
      <RolloutLane
        now={now}
        rollout={rollout('kurator-member2', { found: false, state: undefined })}
      />,
    );
    expect(
      screen.getByText(/Kurator has not rendered it for this member cluster/),
    ).toBeInTheDocument();
  });
});
