import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { baseState, rollout } from '../../__testUtils__/rollouts';
import { CanaryStatusCardView } from './CanaryStatusCardView';

describe('CanaryStatusCardView', () => {
  it('shows the summary, the phase on each cluster and a link to the tab', async () => {
    await renderInTestApp(
      <CanaryStatusCardView
        summary="1 of 2 clusters promoted, 1 waiting for approval"
        rollouts={[
          rollout('kurator-member1'),
          rollout('kurator-member2', {
            state: baseState({
              phase: 'WaitingPromotion',
              label: 'Waiting for approval',
              tone: 'waiting',
            }),
          }),
        ]}
        errors={[]}
        tabLink="/catalog/default/component/rollout-demo/canary"
      />,
    );
    expect(
      screen.getByText('1 of 2 clusters promoted, 1 waiting for approval'),
    ).toBeInTheDocument();
    const clusters = screen.getByRole('list', { name: 'Phase per cluster' });
    expect(
      within(
        within(clusters).getByRole('listitem', {
          name: 'webapp/backend on kurator-member1',
        }),
      ).getByText('Succeeded'),
    ).toBeInTheDocument();
    expect(
      within(
        within(clusters).getByRole('listitem', {
          name: 'webapp/backend on kurator-member2',
        }),
      ).getByText('Waiting for approval'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open the Canary tab/ }),
    ).toHaveAttribute('href', '/catalog/default/component/rollout-demo/canary');
  });

  it('names the clusters it could not read, once each', async () => {
    const down = {
      cluster: 'kurator-member2',
      name: 'ServiceUnavailableError',
      message: 'HTTP 500',
    };
    await renderInTestApp(
      <CanaryStatusCardView
        summary="1 of 2 clusters promoted"
        rollouts={[
          rollout('kurator-member2', {
            state: undefined,
            found: false,
            error: down,
          }),
        ]}
        errors={[down, down]}
        tabLink="/catalog/default/component/rollout-demo/canary"
      />,
    );
    expect(screen.getByText('Could not be read')).toBeInTheDocument();
    expect(
      screen.getByText(/Could not read kurator-member2: see the/),
    ).toBeInTheDocument();
  });

  it('says why the rollouts could not be read', async () => {
    await renderInTestApp(
      <CanaryStatusCardView
        rollouts={[]}
        errors={[]}
        tabLink="/canary"
        error={new Error('Request failed with 503')}
      />,
    );
    expect(
      screen.getByText('Could not read the rollouts: Request failed with 503'),
    ).toBeInTheDocument();
  });
});
