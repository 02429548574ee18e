import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { RolloutActionAvailability } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import {
  promoteAction,
  rollout,
  stubCanaryApi,
} from '../../__testUtils__/rollouts';
import { PolicyActionBar } from './PolicyActionBar';
import { policyGroups } from './policyScope';

const entityRef = 'component:default/rollout-demo';

const approveAction: RolloutActionAvailability = {
  action: 'approve',
  permission: 'canary.rollout.approve',
  possible: false,
  route: 'gate',
  reason:
    'Kurator cannot express confirm gates, so a Kurator-managed canary never waits for approval.',
};
const kuratorAbort: RolloutActionAvailability = {
  action: 'abort',
  permission: 'canary.rollout.abort',
  possible: true,
  route: 'application-policy-patch',
  effect:
    'Sets the container images of Deployment backend back to those of backend-primary (the promoted revision) on every cluster of the policy.',
};
const retryAction: RolloutActionAvailability = {
  action: 'retry',
  permission: 'canary.rollout.retry',
  possible: false,
  route: 'pod-template-annotation',
  reason: 'Only a failed run can be retried; the canary is Progressing.',
};
const actions = [promoteAction, kuratorAbort, retryAction, approveAction];

const renderBar = (lanes: ReturnType<typeof rollout>[]) => {
  const [group] = policyGroups(lanes);
  renderInTestApp(<PolicyActionBar entityRef={entityRef} group={group} />, {
    apis: [
      [canaryApiRef, stubCanaryApi()],
      mockApis.alert(),
      mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
    ],
  });
};

describe('PolicyActionBar', () => {
  it('names the Application, the policy and every member it acts on', async () => {
    renderBar([
      rollout('kurator-member1', { actions }),
      rollout('kurator-member2', { actions }),
    ]);
    expect(
      await screen.findByRole('note', { name: 'Scope of the actions' }),
    ).toHaveTextContent(
      'Acts on Application default/rollout-demo, policy 0: kurator-member1, kurator-member2.',
    );
    expect(screen.queryByText(/unreachable/)).not.toBeInTheDocument();
  });

  it('hides Approve, which a Kurator canary can never take, offers Abort, and keeps the ones not possible now disabled with their reason', async () => {
    renderBar([rollout('kurator-member1', { actions })]);
    expect(
      await screen.findByRole('button', { name: 'Promote' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Approve/ })).toBeNull();
    expect(screen.getByRole('button', { name: 'Abort' })).toBeEnabled();
    expect(
      screen.getByRole('button', {
        name: 'Retry: Only a failed run can be retried; the canary is Progressing.',
      }),
    ).toHaveAttribute('aria-disabled', 'true');
  });

  it('names an unreachable member in the callout and in the confirmation', async () => {
    renderBar([
      rollout('kurator-member1', { actions }),
      rollout('kurator-member2', {
        found: false,
        actions: [],
        error: {
          cluster: 'kurator-member2',
          name: 'backend',
          message: 'Cluster kurator-member2: HTTP 500',
        },
      }),
    ]);
    const unreachable =
      'kurator-member2 is unreachable right now: the policy change reaches it when it comes back.';
    expect(
      await screen.findByRole('note', { name: 'Scope of the actions' }),
    ).toHaveTextContent(unreachable);

    await userEvent.click(screen.getByRole('button', { name: 'Promote' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote Application default/rollout-demo (policy 0)?',
    });
    expect(
      within(dialog).getByText(
        /applies to every cluster of the policy: kurator-member1, kurator-member2/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(unreachable)).toBeInTheDocument();
  });

  it('says no action can be decided when no member can be read', async () => {
    renderBar([
      rollout('kurator-member1', {
        found: false,
        error: {
          cluster: 'kurator-member1',
          name: 'backend',
          message: 'HTTP 500',
        },
      }),
    ]);
    expect(
      await screen.findByText(
        'No member of this policy can be read right now, so no action can be decided.',
      ),
    ).toBeInTheDocument();
  });
});
