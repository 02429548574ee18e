import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  InboxItem,
  InboxResponse,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import {
  abortAction,
  baseState,
  rollout,
  stubCanaryApi,
} from '../../__testUtils__/rollouts';
import { CanaryInboxCard } from './CanaryInboxCard';

const waiting: InboxItem = {
  entityRef: 'component:default/rollout-demo',
  attention: 'waiting-for-approval',
  group: 'needs-you',
  rollout: rollout('kurator-member1', {
    source: 'annotation',
    kurator: undefined,
    lastTransitionTime: new Date(Date.now() - 12 * 60_000).toISOString(),
    state: baseState({
      phase: 'WaitingPromotion',
      label: 'Waiting for approval',
      tone: 'waiting',
    }),
    actions: [
      {
        action: 'approve',
        permission: 'canary.rollout.approve',
        possible: true,
        route: 'gate',
        effect:
          'Opens the confirm-promotion gate: Flagger promotes the canary.',
      },
      {
        action: 'pause',
        permission: 'canary.rollout.pause',
        possible: true,
        route: 'canary-patch',
      },
      abortAction,
    ],
  }),
};

const failed: InboxItem = {
  entityRef: 'component:default/checkout',
  attention: 'failed',
  group: 'can-watch',
  rollout: {
    ...rollout('kurator-member2', {
      source: 'annotation',
      kurator: undefined,
      state: baseState({
        phase: 'Failed',
        label: 'Failed, rolled back',
        tone: 'failure',
      }),
      actions: [],
    }),
    namespace: 'shop',
    name: 'checkout',
  },
};

const renderInbox = (getInbox: jest.Mock) => {
  const canaryApi = stubCanaryApi({ getInbox });
  renderInTestApp(<CanaryInboxCard pageSize={1} />, {
    apis: [[canaryApiRef, canaryApi], mockApis.permission()],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
  return canaryApi;
};

describe('CanaryInboxCard', () => {
  it('lists each rollout with its entity, cluster, canary, state and time in phase', async () => {
    renderInbox(
      jest.fn(
        async (): Promise<InboxResponse> => ({
          items: [waiting, failed],
          errors: [],
        }),
      ),
    );
    const list = await screen.findByRole('list', { name: 'Needs you' });
    expect(
      screen.getByRole('heading', { name: 'Needs you (1)' }),
    ).toBeInTheDocument();
    const first = within(list).getByRole('listitem', {
      name: 'component:default/rollout-demo webapp/backend on kurator-member1',
    });
    expect(
      within(first).getByRole('link', { name: /rollout-demo/ }),
    ).toHaveAttribute('href', '/catalog/default/component/rollout-demo');
    expect(
      within(first).getByText('Waiting for approval', { selector: 'span' }),
    ).toBeInTheDocument();
    expect(
      within(first).getByText(
        /webapp\/backend on kurator-member1 · Waiting for approval · for 12m/,
      ),
    ).toBeInTheDocument();
    // Only approve and abort, and only when possible.
    expect(
      within(first).getByRole('button', { name: 'Approve' }),
    ).toBeInTheDocument();
    expect(
      within(first).queryByRole('button', { name: /Pause/ }),
    ).not.toBeInTheDocument();
    expect(
      within(first).queryByRole('button', { name: /Abort/ }),
    ).not.toBeInTheDocument();

    const watched = screen.getByRole('list', { name: 'You can watch' });
    expect(
      screen.getByRole('heading', { name: 'You can watch (1)' }),
    ).toBeInTheDocument();
    const second = within(watched).getByRole('listitem', {
      name: 'component:default/checkout shop/checkout on kurator-member2',
    });
    expect(within(second).getByText('Failed, rolled back')).toBeInTheDocument();
    expect(within(second).queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers no button on a rollout the user can only watch, and says nothing needs them', async () => {
    renderInbox(
      jest.fn(async () => ({
        items: [{ ...waiting, group: 'can-watch' as const }],
        errors: [],
      })),
    );
    const watched = await screen.findByRole('list', { name: 'You can watch' });
    expect(
      within(watched).getByText(/webapp\/backend on kurator-member1/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(
      screen.getByText(
        'Nothing waits for you: the rollouts below are for others to approve or fix.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list', { name: 'Needs you' })).toBeNull();
  });

  it('asks for a reason before approving, through the action confirmation', async () => {
    const canaryApi = renderInbox(
      jest.fn(async () => ({ items: [waiting], errors: [] })),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Approve webapp/backend on kurator-member1?',
    });
    expect(
      within(dialog).getByText(/Opens the confirm-promotion gate/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(canaryApi.runAction).not.toHaveBeenCalled();
  }, 30_000);

  it('says when nothing waits', async () => {
    renderInbox(jest.fn(async () => ({ items: [], errors: [] })));
    expect(
      await screen.findByText(
        'Nothing waits for you: no rollout is waiting for approval or failed',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('loads the next page by cursor and keeps the first', async () => {
    const getInbox = jest.fn(
      async (page?: { cursor?: string }): Promise<InboxResponse> =>
        page?.cursor === 'page-2'
          ? { items: [failed], errors: [] }
          : { items: [waiting], errors: [], nextCursor: 'page-2' },
    );
    renderInbox(getInbox);
    await screen.findByText(/webapp\/backend on kurator-member1/);
    expect(screen.queryByText(/shop\/checkout/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await screen.findByText(/shop\/checkout on kurator-member2/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/webapp\/backend on kurator-member1/),
    ).toBeInTheDocument();
    expect(getInbox).toHaveBeenLastCalledWith({ limit: 1, cursor: 'page-2' });
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Load more' }),
      ).not.toBeInTheDocument(),
    );
  }, 30_000);

  it('collapses the clusters it could not read into one alert', async () => {
    renderInbox(
      jest.fn(async () => ({
        items: [],
        errors: [
          {
            entityRef: 'component:default/rollout-demo',
            cluster: 'kurator-member2',
            name: 'ServiceUnavailableError',
            message: 'cluster kurator-member2 did not answer',
          },
        ],
      })),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not read cluster kurator-member2 (for 1 entity): rollouts there may be missing here.',
    );
    expect(screen.queryByText(/did not answer/)).not.toBeInTheDocument();
    await userEvent.click(
      within(alert).getByRole('button', { name: 'Show details' }),
    );
    expect(
      await screen.findByText(
        'component:default/rollout-demo on kurator-member2: cluster kurator-member2 did not answer',
      ),
    ).toBeInTheDocument();
  });

  it('names a member that is down once, however many entities it serves', async () => {
    const down = (entity: string) => ({
      entityRef: `component:default/${entity}`,
      cluster: 'kurator-member2',
      name: 'ServiceUnavailableError',
      message: 'Cluster kurator-member2: HTTP 500',
    });
    renderInbox(
      jest.fn(async () => ({
        items: [],
        errors: [
          down('rollout-demo'),
          down('rollout-kuma-demo'),
          down('payments'),
          down('checkout'),
          {
            entityRef: 'component:default/podinfo',
            cluster: '*',
            name: 'Error',
            message: 'catalog timeout',
          },
        ],
      })),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not read cluster kurator-member2 (for 4 entities) and 1 entity at all: rollouts there may be missing here.',
    );
  });
});
