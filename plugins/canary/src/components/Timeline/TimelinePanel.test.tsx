import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  entityPresentationApiRef,
  type EntityPresentationApi,
} from '@backstage/plugin-catalog-react';
import type {
  Page,
  RolloutRun,
  TimelineItem,
  TimelineEntry,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import { stubCanaryApi } from '../../__testUtils__/rollouts';
import { TimelinePanel } from './TimelinePanel';

// The API is a stub that answers at once, so every wait below is for rendering only: the card,
// the run picker, the weight chart and the list, in jsdom. That is slow but correct work, not a
// wait on anything that may not happen: at load 7-15 on two cores the list took over the default
// one second to appear (566 ms at load 6.5, with one call each of listRuns and getTimeline).
configure({ asyncUtilTimeout: 15_000 });

const entityRef = 'component:default/rollout-demo';
const canary = {
  cluster: 'kurator-member2',
  namespace: 'webapp',
  name: 'backend',
};

const runs: RolloutRun[] = [
  {
    id: 7,
    number: 2,
    revision: '567c55c7f',
    images: ['stefanprodan/podinfo:6.0.5'],
    startedAt: '2026-11-20T10:00:00Z',
    endedAt: '2026-11-20T10:05:00Z',
    outcome: 'Failed',
  },
  {
    id: 3,
    number: 1,
    revision: '59d6dffb78',
    images: ['stefanprodan/podinfo:6.0.4'],
    startedAt: '2026-11-18T08:00:00Z',
    endedAt: '2026-11-18T08:10:00Z',
    outcome: 'Succeeded',
  },
];

const entry = (e: Partial<TimelineEntry> & Pick<TimelineEntry, 'kind'>) =>
  ({ template: 't', combined: false, message: '', ...e } as TimelineEntry);

const failedRun: TimelineItem[] = [
  {
    type: 'event',
    id: 12,
    runId: 7,
    at: '2026-11-20T10:04:00Z',
    eventType: 'Warning',
    reason: 'Synced',
    message: 'Rolling back backend.webapp failed checks threshold reached 2',
    entry: entry({
      kind: 'rollback',
      reason: 'failed-checks',
      failedChecks: 2,
      canary: { name: 'backend', namespace: 'webapp' },
      message: 'Rolling back backend.webapp failed checks threshold reached 2',
    }),
  },
  {
    type: 'event',
    id: 11,
    runId: 7,
    at: '2026-11-20T10:03:00Z',
    eventType: 'Warning',
    reason: 'Synced',
    message: 'Halt advancement no values found for request-success-rate',
    entry: entry({
      kind: 'halted',
      reason: 'success-rate',
      metric: 'request-success-rate',
      value: 91.6,
      threshold: 99,
      comparison: '<',
      message: 'Halt backend.webapp advancement success rate 91.60% < 99%',
    }),
  },
  {
    type: 'transition',
    id: 10,
    runId: 7,
    at: '2026-11-20T10:01:00Z',
    phase: 'Progressing',
    canaryWeight: 10,
    failedChecks: 0,
  },
];

const olderPage: TimelineItem[] = [
  {
    type: 'transition',
    id: 9,
    runId: 7,
    at: '2026-11-20T10:00:00Z',
    phase: 'Progressing',
    canaryWeight: 0,
    failedChecks: 0,
  },
];

describe('TimelinePanel', () => {
  it('shows the newest run by default, its warnings highlighted, newest first, with more on demand', async () => {
    const canaryApi = stubCanaryApi({
      listRuns: jest.fn(async () => ({ items: runs })),
      getTimeline: jest.fn(
        async (_e, _c, query): Promise<Page<TimelineItem>> =>
          query?.cursor === 'next'
            ? { items: olderPage }
            : { items: failedRun, nextCursor: 'next' },
      ),
    });
    await renderInTestApp(
      <TimelinePanel entityRef={entityRef} canary={canary} />,
      { apis: [[canaryApiRef, canaryApi]] },
    );

    const list = await screen.findByRole('list', {
      name: 'Timeline, newest first',
    });
    expect(canaryApi.getTimeline).toHaveBeenCalledWith(
      entityRef,
      canary,
      expect.objectContaining({ runId: 7 }),
    );
    // Runs are labelled by their number within the canary, and asked for by id.
    expect(
      screen.getByRole('button', { name: /#2 podinfo:6.0.5 · Failed/ }),
    ).toBeInTheDocument();

    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(
      'Warning: Rolled back: failed checks (2)',
    );
    expect(items[1]).toHaveTextContent(
      'Warning: Halted: request-success-rate 91.60 < threshold 99',
    );
    expect(items[2]).toHaveTextContent('Phase Progressing');
    expect(items[2]).not.toHaveTextContent('Warning');

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(within(list).getAllByRole('listitem')).toHaveLength(4),
    );
    expect(within(list).getAllByRole('listitem')[3]).toHaveTextContent(
      'canary weight 0%',
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  }, 30_000);

  it('loads an older run when picked', async () => {
    const canaryApi = stubCanaryApi({
      listRuns: jest.fn(async () => ({ items: runs })),
      getTimeline: jest.fn(async (_e, _c, query) =>
        query?.runId === 3
          ? {
              items: [
                {
                  type: 'transition' as const,
                  id: 2,
                  runId: 3,
                  at: '2026-11-18T08:10:00Z',
                  phase: 'Succeeded',
                  canaryWeight: 0,
                  failedChecks: 0,
                },
              ],
            }
          : { items: failedRun },
      ),
    });
    await renderInTestApp(
      <TimelinePanel entityRef={entityRef} canary={canary} />,
      { apis: [[canaryApiRef, canaryApi]] },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: /#2 podinfo:6.0.5/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', {
        name: /#1 podinfo:6.0.4 · Succeeded/,
      }),
    );
    expect(await screen.findByText('Phase Succeeded')).toBeInTheDocument();
    expect(screen.queryByText(/Rolled back/)).not.toBeInTheDocument();
  }, 30_000);

  it('shows reasons, actors and messages isolated, so a right-to-left override cannot reverse the text after it', async () => {
    // Recorded before reasons were checked: a reason ending in U+202E RIGHT-TO-LEFT OVERRIDE.
    const reason = 'all good \u202e';
    const actor = 'user:default/mallory';
    // A display name is the user's to write, too.
    const displayName = '\u202eMallory';
    const entityPresentationApi: EntityPresentationApi = {
      forEntity: ref => {
        const snapshot = {
          entityRef: String(ref),
          primaryTitle: ref === actor ? displayName : String(ref),
        };
        return { snapshot, promise: Promise.resolve(snapshot) };
      },
    };
    const canaryApi = stubCanaryApi({
      listRuns: jest.fn(async () => ({ items: runs })),
      getTimeline: jest.fn(async () => ({
        items: [
          {
            type: 'action' as const,
            id: 30,
            at: '2026-11-20T10:04:30Z',
            action: 'promote',
            actor,
            reason,
            outcome: 'failed' as const,
            message: 'Promotion refused by the cluster',
          },
        ],
      })),
    });
    await renderInTestApp(
      <TimelinePanel entityRef={entityRef} canary={canary} />,
      {
        apis: [
          [canaryApiRef, canaryApi],
          [entityPresentationApiRef, entityPresentationApi],
        ],
      },
    );
    const list = await screen.findByRole('list', {
      name: 'Timeline, newest first',
    });
    const [item] = within(list).getAllByRole('listitem');
    expect(item).toHaveTextContent(
      `Warning: promote by ${displayName}: failed`,
      {
        normalizeWhitespace: false,
      },
    );
    expect(item.textContent).toContain(
      `Reason: ${reason}. Promotion refused by the cluster`,
    );

    // Each text someone else wrote is the whole of its own <bdi> (direction isolated, so the
    // override ends with it), and the system text after it is outside, in reading order.
    const isolated = Array.from(item.querySelectorAll('bdi'));
    expect(isolated.map(bdi => bdi.textContent)).toEqual([
      displayName,
      reason,
      'Promotion refused by the cluster',
    ]);
    const [actorBdi, reasonBdi, messageBdi] = isolated;
    expect(actorBdi.nextSibling?.textContent).toBe(': failed');
    expect(reasonBdi.previousSibling?.textContent).toBe('Reason: ');
    expect(reasonBdi.nextSibling?.textContent).toBe('. ');
    expect(reasonBdi.nextSibling?.nextSibling).toBe(messageBdi);
    for (const bdi of isolated) {
      expect(bdi.children).toHaveLength(0);
      expect(bdi.parentElement?.closest('bdi')).toBeNull();
    }
  });

  it('says when no run was recorded yet', async () => {
    await renderInTestApp(
      <TimelinePanel entityRef={entityRef} canary={canary} />,
      { apis: [[canaryApiRef, stubCanaryApi()]] },
    );
    expect(
      await screen.findByText('No runs recorded yet for this canary.'),
    ).toBeInTheDocument();
  });
});
