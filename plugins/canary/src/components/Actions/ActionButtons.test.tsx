import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ResponseError } from '@backstage/errors';
import type {
  CanaryApi,
  RolloutActionResult,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import {
  abortAction,
  promoteAction,
  rollout,
  stubCanaryApi,
} from '../../__testUtils__/rollouts';
import { ActionButtons } from './ActionButtons';

const entityRef = 'component:default/rollout-demo';
const progressing = rollout('kurator-member1', {
  actions: [promoteAction, abortAction],
});

const renderButtons = (options: {
  canaryApi?: ReturnType<typeof stubCanaryApi>;
  authorize?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  onDone?: () => void;
  entityRef?: string;
  rollout?: typeof progressing;
}) => {
  const alertApi = mockApis.alert();
  const canaryApi = options.canaryApi ?? stubCanaryApi();
  const permissionApi = mockApis.permission({
    authorize: options.authorize ?? AuthorizeResult.ALLOW,
  });
  renderInTestApp(
    <ActionButtons
      entityRef={options.entityRef ?? entityRef}
      rollout={options.rollout ?? progressing}
      policyClusters={['kurator-member1', 'kurator-member2']}
      onDone={options.onDone}
    />,
    { apis: [[canaryApiRef, canaryApi], alertApi, permissionApi] },
  );
  return { alertApi, canaryApi };
};

describe('ActionButtons', () => {
  it('asks for a reason, says what happens where, then runs the action and reports it', async () => {
    const onDone = jest.fn();
    const canaryApi = stubCanaryApi({
      runAction: jest.fn<
        Promise<RolloutActionResult>,
        Parameters<CanaryApi['runAction']>
      >(async () => ({
        action: 'promote' as const,
        route: 'application-policy-patch' as const,
        affects: [
          { cluster: 'kurator-member1', namespace: 'webapp', name: 'backend' },
          { cluster: 'kurator-member2', namespace: 'webapp', name: 'backend' },
        ],
        message: 'Set skipTrafficAnalysis on policy rollout-demo-0',
        changed: true,
      })),
    });
    const { alertApi } = renderButtons({ canaryApi, onDone });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote webapp/backend on kurator-member1?',
    });
    expect(
      within(dialog).getByText(/Flagger promotes the canary/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /applies to every cluster of the policy: kurator-member1, kurator-member2/,
      ),
    ).toBeInTheDocument();

    const confirm = within(dialog).getByRole('button', { name: 'Promote' });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'metrics look good',
    );
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);

    await waitFor(() =>
      expect(canaryApi.runAction).toHaveBeenCalledWith(
        entityRef,
        { cluster: 'kurator-member1', namespace: 'webapp', name: 'backend' },
        'promote',
        { reason: 'metrics look good' },
      ),
    );
    await alertApi.waitForAlert(
      a =>
        a.severity === 'success' &&
        a.message === 'Promote requested for webapp/backend on 2 clusters',
    );
    expect(onDone).toHaveBeenCalled();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  }, 30_000);

  it('offers an approval at a confirm-traffic-increase gate as one weight step', async () => {
    const canaryApi = stubCanaryApi({
      runAction: jest.fn<
        Promise<RolloutActionResult>,
        Parameters<CanaryApi['runAction']>
      >(async () => ({
        action: 'approve' as const,
        route: 'gate' as const,
        affects: [
          { cluster: 'kurator-member1', namespace: 'webapp', name: 'backend' },
        ],
        message: 'Approved confirm-traffic-increase',
        changed: true,
      })),
    });
    renderButtons({
      canaryApi,
      rollout: rollout('kurator-member1', {
        actions: [
          {
            action: 'approve',
            permission: 'canary.rollout.approve',
            possible: true,
            route: 'gate',
            effect:
              "The approval opens one weight step: the canary's traffic goes from 20% to 30%, then the run waits at the gate again.",
            step: { from: 20, to: 30 },
          },
        ],
      }),
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Advance to 30%' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Advance to 30% webapp/backend on kurator-member1?',
    });
    expect(
      within(dialog).getByText(/goes from 20% to 30%, then the run waits/),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'one more step',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Advance to 30%' }),
    );
    await waitFor(() =>
      expect(canaryApi.runAction).toHaveBeenCalledWith(
        entityRef,
        { cluster: 'kurator-member1', namespace: 'webapp', name: 'backend' },
        'approve',
        { reason: 'one more step' },
      ),
    );
  }, 30_000);

  it('shows the backend message as an error toast when the action fails', async () => {
    const canaryApi = stubCanaryApi({
      runAction: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotFoundError', message: 'No such route' },
              response: { statusCode: 404 },
            }),
            { status: 404, headers: { 'Content-Type': 'application/json' } },
          ),
        );
      }),
    });
    const { alertApi } = renderButtons({ canaryApi });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Promote' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByRole('textbox'), 'try it');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Promote' }),
    );
    const alert = await alertApi.waitForAlert(a => a.severity === 'error');
    expect(alert.message).toBe(
      'Promote webapp/backend on kurator-member1 failed: No such route',
    );
  }, 30_000);

  it('disables an action the user may not run and names the permission', async () => {
    // usePermission caches answers per entity: a ref of its own keeps this answer apart.
    renderButtons({
      authorize: AuthorizeResult.DENY,
      entityRef: 'component:default/locked-down',
    });
    const blocked = await screen.findByLabelText(
      'Promote: You do not have the canary.rollout.promote permission.',
    );
    expect(blocked).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(blocked);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await userEvent.hover(blocked);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'You do not have the canary.rollout.promote permission.',
    );
  });

  it('explains why an action is not possible and how to enable it', async () => {
    renderButtons({});
    const blocked = await screen.findByLabelText(/^Abort:/);
    expect(blocked).toHaveAttribute('aria-disabled', 'true');
    expect(blocked).toHaveTextContent('Abort');
    await userEvent.hover(blocked);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Kurator cannot abort a run. Revert the workload in Git.',
    );
  });
});
