import { act, screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  CANARY_SIGNAL_CHANNEL,
  type EntityRolloutsResponse,
} from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../../api';
import {
  rollout,
  stubCanaryApi,
  stubSignalApi,
} from '../../__testUtils__/rollouts';
import { MetricsPanel } from '../Metrics';
import { TimelinePanel } from '../Timeline';
import { FleetView } from './FleetView';

// The panels, counted each time they are drawn.
jest.mock('../Timeline', () => {
  const actual = jest.requireActual('../Timeline');
  return { ...actual, TimelinePanel: jest.fn(actual.TimelinePanel) };
});
jest.mock('../Metrics', () => {
  const actual = jest.requireActual('../Metrics');
  return { ...actual, MetricsPanel: jest.fn(actual.MetricsPanel) };
});

jest.setTimeout(20_000);

const entityRef = 'component:default/rollout-demo';
const fleet: EntityRolloutsResponse = {
  entityRef,
  summary: '2 of 2 clusters promoted',
  errors: [],
  items: [rollout('kurator-member1'), rollout('kurator-member2')],
};

describe('FleetView drawing', () => {
  it("does not draw the selected lane's timeline and metrics again when only the lanes are read again", async () => {
    // Every answer is a new object, as from the network.
    const canaryApi = stubCanaryApi({
      getEntityRollouts: jest.fn(async () => JSON.parse(JSON.stringify(fleet))),
    });
    const signalApi = stubSignalApi();
    renderInTestApp(<FleetView entityRef={entityRef} />, {
      apis: [
        [canaryApiRef, canaryApi],
        [signalApiRef, signalApi],
        mockApis.permission(),
      ],
    });
    await screen.findByText('2 of 2 clusters promoted');
    await waitFor(() => expect(canaryApi.getMetrics).toHaveBeenCalled());
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    const timelineDrawn = (TimelinePanel as unknown as jest.Mock).mock.calls
      .length;
    const metricsDrawn = (MetricsPanel as unknown as jest.Mock).mock.calls
      .length;

    // The other lane changed: the lanes are read and drawn again (twice), the panels are not.
    for (const reads of [2, 3]) {
      act(() =>
        signalApi.push(CANARY_SIGNAL_CHANNEL, {
          cluster: 'kurator-member2',
          namespace: 'webapp',
          name: 'backend',
        }),
      );
      await waitFor(() =>
        expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(reads),
      );
      await waitFor(() =>
        expect(screen.getByText(/^Live · Updated/)).toBeInTheDocument(),
      );
    }
    expect((TimelinePanel as unknown as jest.Mock).mock.calls.length).toBe(
      timelineDrawn,
    );
    expect((MetricsPanel as unknown as jest.Mock).mock.calls.length).toBe(
      metricsDrawn,
    );
  });
});
