import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { MockEntityListContextProvider } from '@backstage/plugin-catalog-react/testUtils';
import type { InboxResponse } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { rollout, stubCanaryApi } from '../../__testUtils__/rollouts';
import { CanaryStatusFilter } from './CanaryStatusFilter';
import { CanaryStatusPicker } from './CanaryStatusPicker';

const inbox: InboxResponse = {
  items: [
    {
      entityRef: 'component:default/rollout-demo',
      attention: 'waiting-for-approval',
      group: 'needs-you',
      rollout: rollout('kurator-member1'),
    },
    {
      entityRef: 'component:default/checkout',
      attention: 'failed',
      group: 'can-watch',
      rollout: rollout('kurator-member2'),
    },
  ],
  errors: [],
};

const lastCanaryFilter = (updateFilters: jest.Mock) =>
  updateFilters.mock.calls.map(([filters]) => filters.canary).at(-1);

describe('CanaryStatusPicker', () => {
  const renderPicker = (updateFilters: jest.Mock) =>
    renderInTestApp(
      <MockEntityListContextProvider value={{ updateFilters }}>
        <CanaryStatusPicker />
      </MockEntityListContextProvider>,
      {
        apis: [
          [
            canaryApiRef,
            stubCanaryApi({ getInbox: jest.fn(async () => inbox) }),
          ],
          mockApis.permission(),
        ],
      },
    );

  it('keeps the entities that need the user, read from the inbox', async () => {
    const updateFilters = jest.fn();
    renderPicker(updateFilters);
    await userEvent.click(await screen.findByText('All'));
    await userEvent.click(await screen.findByText('Needs you'));
    await waitFor(() =>
      expect(lastCanaryFilter(updateFilters)).toBeInstanceOf(
        CanaryStatusFilter,
      ),
    );
    expect(lastCanaryFilter(updateFilters).getCatalogQuery()).toEqual({
      $any: [
        {
          kind: 'component',
          'metadata.namespace': 'default',
          'metadata.name': 'rollout-demo',
        },
      ],
    });
  });

  it('keeps every entity with a rollout waiting or failed, and clears with All', async () => {
    const updateFilters = jest.fn();
    renderPicker(updateFilters);
    await userEvent.click(await screen.findByText('All'));
    await userEvent.click(
      await screen.findByText('Waiting for approval or failed'),
    );
    await waitFor(() =>
      expect(
        lastCanaryFilter(updateFilters)?.getCatalogQuery().$any,
      ).toHaveLength(2),
    );
    await userEvent.click(screen.getByText('Waiting for approval or failed'));
    await userEvent.click(await screen.findByRole('option', { name: 'All' }));
    await waitFor(() =>
      expect(lastCanaryFilter(updateFilters)).toBeUndefined(),
    );
  });
});

describe('CanaryStatusFilter', () => {
  it('asks the catalog for any annotation the Canary tab resolves', () => {
    expect(new CanaryStatusFilter('uses-canary').getCatalogQuery()).toEqual({
      $any: [
        {
          'metadata.annotations.backstage-canary.io/kurator-application': {
            $exists: true,
          },
        },
        {
          'metadata.annotations.backstage-canary.io/canary': { $exists: true },
        },
        {
          'metadata.annotations.backstage.io/kubernetes-id': { $exists: true },
        },
        {
          'metadata.annotations.backstage.io/kubernetes-label-selector': {
            $exists: true,
          },
        },
      ],
    });
  });

  it('keeps nothing when the inbox lists no entity', () => {
    expect(new CanaryStatusFilter('needs-you', []).getCatalogQuery()).toEqual({
      $not: { kind: { $exists: true } },
    });
  });
});
