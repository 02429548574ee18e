import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  entityPresentationApiRef,
  type EntityPresentationApi,
} from '@backstage/plugin-catalog-react';
import {
  parseFlaggerEvent,
  type ActionRecord,
  type TimelineItem,
} from '@backstage-canary/plugin-canary-common';
import { EventList } from './EventList';

const start = Date.parse('2026-11-20T10:00:00Z');
const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();

let nextId = 1;
const event = (
  seconds: number,
  message: string,
  eventType: 'Normal' | 'Warning' = 'Normal',
): TimelineItem => ({
  type: 'event',
  id: nextId++,
  runId: 7,
  at: at(seconds),
  eventType,
  reason: 'Synced',
  message,
  entry: parseFlaggerEvent(message, { eventType }),
});

const transition = (
  seconds: number,
  phase: string,
  canaryWeight: number,
  failedChecks = 0,
): TimelineItem => ({
  type: 'transition',
  id: nextId++,
  runId: 7,
  at: at(seconds),
  phase,
  canaryWeight,
  failedChecks,
});

const action = (
  seconds: number,
  overrides: Partial<ActionRecord> = {},
): TimelineItem => ({
  type: 'action',
  id: nextId++,
  runId: 7,
  at: at(seconds),
  action: 'promote',
  actor: 'user:default/jane.doe',
  reason: 'ship it',
  outcome: 'succeeded',
  message: 'Promotion asked',
  ...overrides,
});

const displayNames: Record<string, string> = {
  'user:default/jane.doe': 'Jane Doe',
  'group:default/release-managers': 'Release managers',
};

/** The catalog's presentation of users and groups: their display names. */
const entityPresentationApi: EntityPresentationApi = {
  forEntity: entityOrRef => {
    const entityRef = String(entityOrRef);
    const snapshot = {
      entityRef,
      primaryTitle: displayNames[entityRef] ?? entityRef,
    };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};

async function renderList(items: TimelineItem[]) {
  await renderInTestApp(<EventList items={items} />, {
    apis: [[entityPresentationApiRef, entityPresentationApi]],
  });
  const list = await screen.findByRole('list', {
    name: 'Timeline, newest first',
  });
  return within(list).getAllByRole('listitem');
}

const idle = 'Rollback hook rollback-gate not signaling a rollback';
const waiting =
  'Halt backend.webapp advancement waiting for promotion approval confirm-gate';

describe('EventList', () => {
  it('shows an event Flagger repeats every interval once, with its count and its first and last times', async () => {
    // A wait at the promotion gate: every 30 s Flagger asks the rollback gate, then the promotion
    // gate, and records both, 18 times over.
    const wait: TimelineItem[] = [];
    for (let i = 0; i < 18; i++) {
      wait.push(
        event(60 + i * 30, idle),
        event(61 + i * 30, waiting, 'Warning'),
      );
    }
    const items = await renderList([
      transition(0, 'Progressing', 50),
      ...wait,
      transition(700, 'Promoting', 50),
      // After a transition, a repeat is a new entry.
      event(730, idle),
    ]);

    expect(items).toHaveLength(5);
    expect(items[0]).toHaveTextContent(
      'Rollback hook rollback-gate: no rollback asked',
    );
    expect(items[0]).not.toHaveTextContent('×');
    expect(items[1]).toHaveTextContent('Phase Promoting');
    expect(items[2]).toHaveTextContent(
      'Waiting for approval at confirm-promotion×18',
    );
    expect(items[2]).toHaveTextContent(
      `${new Date(at(61)).toLocaleString()} – ${new Date(
        at(61 + 17 * 30),
      ).toLocaleTimeString()}`,
    );
    expect(items[3]).toHaveTextContent(
      'Rollback hook rollback-gate: no rollback asked×18',
    );
    expect(items[3]).toHaveTextContent(
      `${new Date(at(60)).toLocaleString()} – ${new Date(
        at(60 + 17 * 30),
      ).toLocaleTimeString()}`,
    );
    expect(items[4]).toHaveTextContent('Phase Progressing');
  });

  it('shows waits as information and failures as warnings', async () => {
    const items = await renderList([
      // Flagger records its approval waits as Warning events.
      event(10, waiting, 'Warning'),
      transition(20, 'WaitingPromotion', 50),
      action(30, { outcome: 'pending' }),
      event(
        40,
        'Halt backend.webapp advancement success rate 91.60% < 99%',
        'Warning',
      ),
      action(50, { action: 'abort', outcome: 'failed', message: 'Refused' }),
      transition(60, 'Failed', 0, 2),
    ]);
    const [failed, abort, halted, pending, waitingPhase, approval] = items;

    expect(approval).toHaveTextContent(
      'Waiting for approval at confirm-promotion',
    );
    expect(waitingPhase).toHaveTextContent('Phase WaitingPromotion');
    expect(pending).toHaveTextContent(
      "promote by Jane Doe: in progress, waiting for the cluster's answer",
    );
    for (const wait of [approval, waitingPhase, pending]) {
      expect(wait).not.toHaveTextContent('Warning');
    }

    expect(halted).toHaveTextContent(
      'Warning: Halted: request-success-rate 91.60 < threshold 99',
    );
    expect(abort).toHaveTextContent('Warning: abort by Jane Doe: failed');
    expect(failed).toHaveTextContent('Warning: Phase Failed');
  });

  it("shows a step's transition and Flagger's event for it as one entry", async () => {
    const items = await renderList([
      transition(0, 'Progressing', 0),
      event(1, 'Starting canary analysis for backend.webapp'),
      transition(60, 'Progressing', 10),
      event(61, 'Advance backend.webapp canary weight 10'),
      event(119, 'Advance backend.webapp canary weight 20'),
      transition(120, 'Progressing', 20),
      // The same weight in another phase is not a step.
      transition(150, 'Promoting', 20),
    ]);

    expect(items.map(item => item.textContent)).toEqual([
      expect.stringContaining('Phase Promoting'),
      expect.stringMatching(
        /Canary weight advanced to 20%phase Progressing, failed checks 0$/,
      ),
      expect.stringMatching(
        /Canary weight advanced to 10%phase Progressing, failed checks 0$/,
      ),
      expect.stringContaining('Starting canary analysis'),
      expect.stringContaining('Phase Progressing'),
    ]);
    // Shown at the transition's time, as on the weight chart.
    expect(items[1]).toHaveTextContent(new Date(at(120)).toLocaleString());
  });

  it('keeps an event apart from a transition that did not reach its weight, or too far away', async () => {
    const items = await renderList([
      transition(0, 'Progressing', 10),
      event(200, 'Advance backend.webapp canary weight 10'),
      transition(210, 'Progressing', 30),
      event(211, 'Advance backend.webapp canary weight 20'),
    ]);
    expect(items).toHaveLength(4);
  });

  describe('a long detail', () => {
    const reason =
      'The p99 latency of the checkout path doubled after the cache change; holding the rollout until the cache team confirms the new eviction settings are safe for the holiday traffic';
    let widths: jest.SpyInstance[] = [];

    const measure = (scrollWidth: number, clientWidth: number) => {
      widths = [
        jest
          .spyOn(HTMLElement.prototype, 'scrollWidth', 'get')
          .mockReturnValue(scrollWidth),
        jest
          .spyOn(HTMLElement.prototype, 'clientWidth', 'get')
          .mockReturnValue(clientWidth),
      ];
    };
    afterEach(() => widths.forEach(spy => spy.mockRestore()));

    it('is cut to one line, with a button that shows it whole and folds it again', async () => {
      measure(1200, 400);
      const [item] = await renderList([action(0, { action: 'pause', reason })]);

      const more = within(item).getByRole('button', { name: 'more' });
      expect(more).toHaveAttribute('aria-expanded', 'false');
      const detail = document.getElementById(
        more.getAttribute('aria-controls')!,
      )!;
      expect(detail).toHaveTextContent(`Reason: ${reason}. Promotion asked`);
      expect(getComputedStyle(detail).whiteSpace).toBe('nowrap');

      await userEvent.click(more);
      const less = within(item).getByRole('button', { name: 'less' });
      expect(less).toHaveAttribute('aria-expanded', 'true');
      expect(getComputedStyle(detail).whiteSpace).toBe('pre-wrap');

      await userEvent.click(less);
      expect(
        within(item).getByRole('button', { name: 'more' }),
      ).toHaveAttribute('aria-expanded', 'false');
    });

    it('has no button when it fits', async () => {
      measure(300, 400);
      const [item] = await renderList([action(0, { action: 'pause', reason })]);
      expect(within(item).queryByRole('button')).not.toBeInTheDocument();
    });
  });

  it('names users and groups by their display names, services as recorded', async () => {
    const items = await renderList([
      action(0, { action: 'pause' }),
      action(10, {
        action: 'approve',
        actor: 'group:default/release-managers',
      }),
      action(20, { action: 'resume', actor: 'canary-backend' }),
      action(30, { action: 'retry', actor: 'plugin:scaffolder' }),
    ]);
    const titles = items.map(
      item => item.querySelector('bdi[title]') as HTMLElement,
    );
    expect(titles.map(bdi => bdi.textContent)).toEqual([
      'plugin:scaffolder',
      'canary-backend',
      'Release managers',
      'Jane Doe',
    ]);
    // The ref stays at hand, as the name's title.
    expect(titles.map(bdi => bdi.title)).toEqual([
      'plugin:scaffolder',
      'canary-backend',
      'group:default/release-managers',
      'user:default/jane.doe',
    ]);
    expect(items[3]).toHaveTextContent('pause by Jane Doe: succeeded');
  });
});
