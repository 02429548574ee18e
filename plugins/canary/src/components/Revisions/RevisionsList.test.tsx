import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { RolloutRun } from '@backstage-canary/plugin-canary-common';
import { RevisionsList } from './RevisionsList';

const runs: RolloutRun[] = [
  {
    id: 12,
    number: 3,
    revision: 'r3',
    images: ['stefanprodan/podinfo:6.0.2'],
    startedAt: '2026-12-07T10:20:00Z',
  },
  {
    id: 11,
    number: 2,
    revision: 'r2',
    images: ['stefanprodan/podinfo:6.0.1'],
    startedAt: '2026-12-07T10:00:00Z',
    endedAt: '2026-12-07T10:04:00Z',
    outcome: 'Failed',
  },
  {
    id: 10,
    number: 1,
    revision: 'r1',
    images: ['stefanprodan/podinfo:6.0.0'],
    startedAt: '2026-12-07T09:00:00Z',
    endedAt: '2026-12-07T09:04:00Z',
    outcome: 'Succeeded',
  },
];

const rowOf = (run: string) =>
  screen.getAllByRole('row').find(r => within(r).queryByText(run))!;

describe('RevisionsList', () => {
  it('lists each revision with its images and outcome, and offers rollback only to an earlier successful one', async () => {
    const onRollback = jest.fn();
    await renderInTestApp(
      <RevisionsList
        runs={runs}
        currentImages={['stefanprodan/podinfo:6.0.2']}
        onRollback={onRollback}
      />,
    );
    expect(within(rowOf('#3')).getByText('running now')).toBeInTheDocument();
    expect(within(rowOf('#3')).getByText('In progress')).toBeInTheDocument();
    expect(within(rowOf('#2')).getByText('Failed')).toBeInTheDocument();
    expect(
      within(rowOf('#1')).getByText('stefanprodan/podinfo:6.0.0'),
    ).toBeInTheDocument();
    expect(within(rowOf('#3')).queryByRole('button')).toBeNull();
    expect(within(rowOf('#2')).queryByRole('button')).toBeNull();

    await userEvent.click(
      screen.getByRole('button', { name: 'Roll back to revision #1' }),
    );
    expect(onRollback).toHaveBeenCalledWith(runs[2]);
  });

  it('keeps the rollback visible but disabled, with the missing permission, for a user who may not roll back', async () => {
    const onRollback = jest.fn();
    await renderInTestApp(
      <RevisionsList
        runs={runs}
        currentImages={['stefanprodan/podinfo:6.0.2']}
        blocked="You do not have the canary.rollout.abort permission."
        onRollback={onRollback}
      />,
    );
    const button = screen.getByRole('button', {
      name: 'Roll back to revision #1: You do not have the canary.rollout.abort permission.',
    });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(button);
    expect(onRollback).not.toHaveBeenCalled();
  });

  it('says what it lists when nothing is recorded yet', async () => {
    await renderInTestApp(<RevisionsList runs={[]} onRollback={jest.fn()} />);
    expect(screen.getByText(/No revision recorded yet/)).toBeInTheDocument();
  });
});
