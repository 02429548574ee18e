import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { RolloutMetricsResponse } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import {
  baseState,
  promoteAction,
  rollout,
  stubCanaryApi,
} from '../../__testUtils__/rollouts';
import { PromoteConfirmDialog } from './PromoteConfirmDialog';

// Typing into the dialog takes long on a busy machine.
jest.setTimeout(120_000);

const entityRef = 'component:default/rollout-demo';
const now = Math.floor(Date.now() / 1000);

// A faulty revision at 20 %: 18 % success (minimum 99 %) and 2,450 ms (maximum 500 ms).
const failingMetrics: RolloutMetricsResponse = {
  range: { start: now - 600, end: now, stepSeconds: 30 },
  metrics: [
    {
      name: 'request-success-rate',
      source: 'builtin',
      threshold: { min: 99, unit: 'percent', description: 'at least 99%' },
      canary: [
        [now - 60, 31.5],
        [now - 30, 18],
      ],
      primary: [[now - 30, 100]],
      failedChecks: [],
      problems: [],
    },
    {
      name: 'request-duration',
      source: 'builtin',
      threshold: {
        max: 500,
        unit: 'milliseconds',
        description: 'at most 500 ms',
      },
      canary: [[now - 30, 2450]],
      primary: [[now - 30, 210]],
      failedChecks: [],
      problems: [],
    },
  ],
};

function renderDialog(options: {
  failedChecks: number;
  metrics: RolloutMetricsResponse;
}) {
  const onConfirm = jest.fn();
  const canaryApi = stubCanaryApi({
    getMetrics: jest.fn(async () => options.metrics),
  });
  renderInTestApp(
    <PromoteConfirmDialog
      open
      entityRef={entityRef}
      rollout={rollout('kurator-member1', {
        failedChecks: { count: options.failedChecks, threshold: 2 },
        state: baseState({
          phase: 'Progressing',
          label: 'Progressing',
          tone: 'progress',
          failedChecks: options.failedChecks,
        }),
      })}
      action={promoteAction}
      target="webapp/backend on kurator-member1"
      onCancel={() => {}}
      onConfirm={onConfirm}
    />,
    { apis: [[canaryApiRef, canaryApi], mockApis.permission()] },
  );
  return { onConfirm, canaryApi };
}

describe('PromoteConfirmDialog', () => {
  it('shows the failing values and needs "Promote anyway" before it promotes', async () => {
    const { onConfirm } = renderDialog({
      failedChecks: 2,
      metrics: failingMetrics,
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Promote webapp/backend on kurator-member1?',
    });
    const risk = await within(dialog).findByRole('alert', {
      name: 'The analysis is failing',
    });
    expect(
      within(risk)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Failed checks: 2 of 2 (Flagger rolls back at 2)',
      'request-success-rate: 18% is below the minimum 99% (latest canary value 18%)',
      'request-duration: 2450 ms is above the maximum 500 ms (latest canary value 2450 ms)',
    ]);
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'hotfix for the outage',
    );
    const confirm = within(dialog).getByRole('button', {
      name: 'Promote anyway',
    });
    expect(confirm).toBeDisabled();
    await userEvent.click(
      within(dialog).getByRole('checkbox', {
        name: 'Promote anyway: I accept the failing analysis',
      }),
    );
    expect(confirm).toBeEnabled();
    await userEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledWith('hotfix for the outage', true);
  });

  it('asks for "Promote anyway" when a metric is out of range even without failed checks', async () => {
    renderDialog({ failedChecks: 0, metrics: failingMetrics });
    const dialog = await screen.findByRole('dialog');
    const risk = await within(dialog).findByRole('alert');
    expect(risk).not.toHaveTextContent('Failed checks');
    expect(risk).toHaveTextContent(
      'request-duration: 2450 ms is above the maximum 500 ms',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Promote anyway' }),
    ).toBeDisabled();
  });

  it('is the plain confirmation when the analysis is healthy', async () => {
    const { onConfirm } = renderDialog({
      failedChecks: 0,
      metrics: { ...failingMetrics, metrics: [] },
    });
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'all green',
    );
    const confirm = await within(dialog).findByRole('button', {
      name: 'Promote',
    });
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(within(dialog).queryByRole('checkbox')).not.toBeInTheDocument();
    await userEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledWith('all green', false);
  });
});
