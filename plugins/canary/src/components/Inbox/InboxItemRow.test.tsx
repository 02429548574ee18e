import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { InboxItem } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import {
  baseState,
  rollout,
  stubCanaryApi,
} from '../../__testUtils__/rollouts';
import { InboxItemRow } from './InboxItemRow';

describe('InboxItemRow', () => {
  it("says why a failed rollout failed, as the lane does, instead of Flagger's condition", async () => {
    const summary =
      'Rolled back after 2 of 2 failed checks at 2026-12-07 11:06 UTC, at step 2 of 6 (20% of traffic on the canary): request-success-rate 18% is below the minimum 99%.';
    const item: InboxItem = {
      entityRef: 'component:default/rollout-demo',
      attention: 'failed',
      group: 'needs-you',
      rollout: rollout('kurator-member1', {
        state: baseState({
          phase: 'Failed',
          label: 'Failed, rolled back',
          tone: 'failure',
          conditionMessage:
            'Canary analysis failed, Deployment scaled to zero.',
        }),
        explanation: {
          kind: 'rolled-back',
          headline: 'Rolled back after 2 of 2 failed checks',
          summary,
          checks: [],
        },
      }),
    };
    await renderInTestApp(<InboxItemRow item={item} now={Date.now()} />, {
      apis: [[canaryApiRef, stubCanaryApi({})], mockApis.permission()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    expect(screen.getByText(summary)).toBeInTheDocument();
    expect(
      screen.queryByText(/Deployment scaled to zero/),
    ).not.toBeInTheDocument();
  });

  it('says that a promote waits for Flagger, by whom and by when, as the lane does', async () => {
    const item: InboxItem = {
      entityRef: 'component:default/rollout-demo',
      attention: 'waiting-for-approval',
      group: 'needs-you',
      rollout: rollout('kurator-member1', {
        state: baseState({
          phase: 'WaitingPromotion',
          label: 'Waiting for approval',
          tone: 'waiting',
        }),
        pending: {
          kind: 'promote',
          actor: 'user:default/alice',
          requestedAt: '2026-12-07T12:03:00.000Z',
          intervalMs: 60_000,
          kurator: false,
          takesEffectBy: '2026-12-07T12:04:00.000Z',
        },
      }),
    };
    await renderInTestApp(<InboxItemRow item={item} now={Date.now()} />, {
      apis: [[canaryApiRef, stubCanaryApi({})], mockApis.permission()],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    const note = screen.getByRole('status', { name: 'Pending promote' });
    expect(note).toHaveTextContent(/Promote requested by/);
    expect(note).toHaveTextContent(/at Flagger's next check \(every 1m\)/);
  });

  it('says why a rollout waiting for approval is also stuck, and not when it only waits', async () => {
    const waiting = (causes: string[]): InboxItem => ({
      entityRef: 'component:default/rollout-demo',
      attention: 'waiting-for-approval',
      group: 'needs-you',
      rollout: rollout('kurator-member1', {
        state: baseState({
          phase: 'WaitingPromotion',
          label: 'Waiting for approval',
          tone: 'waiting',
        }),
        diagnosis: {
          moving: false,
          headline:
            causes[0] === 'workload-not-ready'
              ? 'Stuck: Deployment backend is not ready: 0 of 2 replicas available (and 1 more)'
              : 'Waiting for approval at confirm-promotion',
          causes: causes.map(cause => ({
            cause: cause as 'gate-closed',
            title: cause,
            evidence: [],
            fix: '',
          })),
        },
      }),
    });
    const options = {
      apis: [[canaryApiRef, stubCanaryApi({})], mockApis.permission()] as const,
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    };
    const { unmount } = await renderInTestApp(
      <InboxItemRow
        item={waiting(['workload-not-ready', 'gate-closed'])}
        now={Date.now()}
      />,
      options as any,
    );
    expect(
      screen.getByText(
        'Stuck: Deployment backend is not ready: 0 of 2 replicas available (and 1 more)',
      ),
    ).toBeInTheDocument();
    unmount();
    await renderInTestApp(
      <InboxItemRow item={waiting(['gate-closed'])} now={Date.now()} />,
      options as any,
    );
    expect(
      screen.queryByText('Waiting for approval at confirm-promotion'),
    ).toBeNull();
  });
});
