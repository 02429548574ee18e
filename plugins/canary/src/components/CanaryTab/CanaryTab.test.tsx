import { screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type {
  CanaryApi,
  EntityRolloutsResponse,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { rollout, stubCanaryApi } from '../../__testUtils__/rollouts';
import { CanaryTab } from './CanaryTab';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'rollout-demo', annotations },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const kurator = {
  'backstage-canary.io/kurator-application': 'default/rollout-demo',
  'backstage-canary.io/host-cluster': 'host',
};

const fleet: EntityRolloutsResponse = {
  entityRef: 'component:default/rollout-demo',
  summary: '1 of 2 clusters promoted, 1 could not be read',
  errors: [],
  items: [
    rollout('kurator-member1'),
    rollout('kurator-member2', {
      state: undefined,
      error: {
        cluster: 'kurator-member2',
        name: 'ServiceUnavailableError',
        message: 'cluster kurator-member2 did not answer',
      },
    }),
  ],
};

const renderTab = (
  annotations: Record<string, string>,
  canaryApi: CanaryApi = stubCanaryApi(),
) =>
  renderInTestApp(
    <EntityProvider entity={entity(annotations)}>
      <CanaryTab />
    </EntityProvider>,
    { apis: [[canaryApiRef, canaryApi], mockApis.permission()] },
  );

describe('CanaryTab', () => {
  it('tells which annotation to add when the entity has none, without calling the backend', async () => {
    const canaryApi = stubCanaryApi();
    renderTab({}, canaryApi);
    expect(
      await screen.findByText('No rollouts configured for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/backstage-canary\.io\/kurator-application/).length,
    ).toBeGreaterThan(0);
    expect(canaryApi.getEntityRollouts).not.toHaveBeenCalled();
  });

  it('shows progress while the rollouts load', async () => {
    renderTab(
      kurator,
      stubCanaryApi({ getEntityRollouts: () => new Promise(() => {}) }),
    );
    expect(
      await screen.findByRole('progressbar', { name: 'Loading' }),
    ).toBeInTheDocument();
  });

  it('shows the fleet summary and one lane per cluster, a failing cluster in its own lane', async () => {
    const canaryApi = stubCanaryApi({
      getEntityRollouts: jest.fn(async () => fleet),
    });
    renderTab(kurator, canaryApi);
    expect(
      await screen.findByText('1 of 2 clusters promoted, 1 could not be read'),
    ).toBeInTheDocument();
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledWith(
      'component:default/rollout-demo',
    );
    const member1 = screen.getByRole('region', { name: 'kurator-member1' });
    expect(within(member1).getByText('Succeeded')).toBeInTheDocument();
    const member2 = screen.getByRole('region', { name: 'kurator-member2' });
    expect(
      within(member2).getByText(/cluster kurator-member2 did not answer/),
    ).toBeInTheDocument();
    // The sources stay visible under the lanes.
    expect(
      screen.getByText('Kurator Application default/rollout-demo'),
    ).toBeInTheDocument();
  });

  it('shows failures not tied to one canary as alerts', async () => {
    renderTab(
      kurator,
      stubCanaryApi({
        getEntityRollouts: async () => ({
          ...fleet,
          items: [rollout('kurator-member1')],
          errors: [
            {
              cluster: 'host',
              name: 'NotFoundError',
              message: 'Application default/rollout-demo not found',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByText(
        'host: Application default/rollout-demo not found',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'kurator-member1' }),
    ).toBeInTheDocument();
  });

  it('shows the backend error when the rollouts cannot be read at all', async () => {
    renderTab(
      kurator,
      stubCanaryApi({
        getEntityRollouts: async () => {
          throw new Error('The canary backend is down');
        },
      }),
    );
    expect(
      (await screen.findAllByText(/The canary backend is down/))[0],
    ).toBeVisible();
    expect(
      screen.queryByRole('region', { name: 'kurator-member1' }),
    ).not.toBeInTheDocument();
  });

  it('reloads the rollouts when asked', async () => {
    const canaryApi = stubCanaryApi({
      getEntityRollouts: jest
        .fn()
        .mockResolvedValueOnce(fleet)
        .mockResolvedValue({ ...fleet, summary: '2 of 2 clusters promoted' }),
    });
    renderTab(kurator, canaryApi);
    await screen.findByText('1 of 2 clusters promoted, 1 could not be read');
    screen.getByRole('button', { name: 'Refresh' }).click();
    expect(
      await screen.findByText('2 of 2 clusters promoted'),
    ).toBeInTheDocument();
  });

  it('names a malformed annotation and what is allowed', async () => {
    renderTab({ 'backstage-canary.io/canary': 'podinfo' });
    expect(
      await screen.findByText(
        /backstage-canary\.io\/canary must be "<namespace>\/<name>"/,
      ),
    ).toBeInTheDocument();
  });
});
