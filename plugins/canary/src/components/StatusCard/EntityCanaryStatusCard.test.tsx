import { act, screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import type { EntityRolloutsResponse } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { POLL_INTERVAL_MS } from '../../hooks';
import {
  baseState,
  rollout,
  stubCanaryApi,
} from '../../__testUtils__/rollouts';
import { EntityCanaryStatusCard } from './EntityCanaryStatusCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'rollout-demo',
    annotations: {
      'backstage-canary.io/kurator-application': 'default/rollout-demo',
    },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const answer = (phase: string, label: string): EntityRolloutsResponse => ({
  entityRef: 'component:default/rollout-demo',
  summary: `1 cluster ${label.toLocaleLowerCase('en-US')}`,
  errors: [],
  items: [
    rollout('kurator-member1', {
      state: baseState({ phase: phase as any, label }),
    }),
  ],
});

describe('EntityCanaryStatusCard', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps the Overview current: it reads the rollouts again while shown', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const canaryApi = stubCanaryApi();
    canaryApi.getEntityRollouts
      .mockResolvedValueOnce(answer('Progressing', 'Progressing'))
      .mockResolvedValue(answer('Succeeded', 'Succeeded'));
    await renderInTestApp(
      <EntityProvider entity={entity}>
        <EntityCanaryStatusCard />
      </EntityProvider>,
      {
        apis: [[canaryApiRef, canaryApi], mockApis.permission()],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    const lane = async () =>
      within(
        await screen.findByRole('listitem', {
          name: 'webapp/backend on kurator-member1',
        }),
      );
    expect((await lane()).getByText('Progressing')).toBeInTheDocument();

    await act(async () => {
      await jest.advanceTimersByTimeAsync(POLL_INTERVAL_MS);
    });
    expect(await (await lane()).findByText('Succeeded')).toBeInTheDocument();
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(2);
  });
});
