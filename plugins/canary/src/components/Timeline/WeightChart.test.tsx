import type { ReactElement } from 'react';
import { cloneElement } from 'react';
import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  parseFlaggerEvent,
  type TimelineItem,
} from '@backstage-canary/plugin-canary-common';
import { WeightChart } from './WeightChart';

// jsdom lays nothing out, so the responsive container would measure 0 and draw nothing: here it
// draws its chart at a fixed size.
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: { children: ReactElement }) => (
      <div>{cloneElement(children, { width: 800, height: 220 })}</div>
    ),
  };
});

const start = Date.parse('2026-11-20T10:00:00Z');
const at = (seconds: number) => new Date(start + seconds * 1000).toISOString();
const time = (seconds: number) =>
  new Date(start + seconds * 1000).toLocaleTimeString();

const transition = (id: number, seconds: number, weight: number) => ({
  type: 'transition' as const,
  id,
  runId: 7,
  at: at(seconds),
  phase: 'Progressing',
  canaryWeight: weight,
  failedChecks: 0,
});

const action = (
  id: number,
  seconds: number,
  name: string,
  outcome: 'succeeded' | 'failed' | 'pending' = 'succeeded',
) => ({
  type: 'action' as const,
  id,
  runId: 7,
  at: at(seconds),
  action: name,
  actor: 'user:default/jane.doe',
  reason: 'r',
  outcome,
  message: 'm',
});

describe('WeightChart', () => {
  it('marks the actions asked on the weight line, each labelled with its name', async () => {
    const items: TimelineItem[] = [
      transition(1, 0, 0),
      transition(2, 60, 10),
      action(3, 90, 'pause'),
      action(4, 200, 'resume'),
      transition(5, 260, 20),
      action(6, 300, 'promote', 'pending'),
      action(7, 320, 'abort', 'failed'),
    ];
    await renderInTestApp(<WeightChart items={items} />);

    const chart = await screen.findByRole('figure', {
      name: `Canary weight over time: 0%, 10%, 20%; actions: pause at ${time(
        90,
      )}, resume at ${time(200)}, promote at ${time(
        300,
      )} (pending), abort at ${time(320)} (failed)`,
    });
    const markers = chart.querySelectorAll('.recharts-reference-line');
    expect(markers).toHaveLength(4);
    expect(Array.from(markers).map(marker => marker.textContent)).toEqual([
      'pause',
      'resume',
      'promote',
      'abort',
    ]);
  });

  it('marks failures, not waits, and no action where none was asked', async () => {
    const flaggerEvent = (id: number, seconds: number, message: string) => ({
      type: 'event' as const,
      id,
      runId: 7,
      at: at(seconds),
      eventType: 'Warning',
      reason: 'Synced',
      message,
      entry: parseFlaggerEvent(message, { eventType: 'Warning' }),
    });
    await renderInTestApp(
      <WeightChart
        items={[
          transition(1, 0, 0),
          transition(2, 60, 10),
          flaggerEvent(
            3,
            90,
            'Halt backend.webapp advancement waiting for traffic increase approval gate',
          ),
          flaggerEvent(
            4,
            120,
            'Halt backend.webapp advancement success rate 91.60% < 99%',
          ),
        ]}
      />,
    );
    const chart = await screen.findByRole('figure', {
      name: 'Canary weight over time: 0%, 10%',
    });
    const markers = chart.querySelectorAll('.recharts-reference-line');
    expect(Array.from(markers).map(marker => marker.textContent)).toEqual([
      '!',
    ]);
  });
});
