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
import { usePolling } from '../../hooks/usePolling';
import { FleetView } from './FleetView';

jest.mock('../../hooks/usePolling', () => ({
  ...jest.requireActual('../../hooks/usePolling'),
  usePolling: jest.fn(jest.requireActual('../../hooks/usePolling').usePolling),
}));
const pollingIntervals = () =>
  (usePolling as jest.Mock).mock.calls.map(([, interval]) => interval);

// Signals, refreshes and re-reads take a few seconds on a busy machine.
jest.setTimeout(20_000);

const entityRef = 'component:default/rollout-demo';
const fleet: EntityRolloutsResponse = {
  entityRef,
  summary: '2 of 2 clusters promoted',
  errors: [],
  items: [rollout('kurator-member1'), rollout('kurator-member2')],
};

const renderFleet = () => {
  const canaryApi = stubCanaryApi({
    getEntityRollouts: jest.fn(async () => fleet),
  });
  const signalApi = stubSignalApi();
  renderInTestApp(<FleetView entityRef={entityRef} />, {
    apis: [
      [canaryApiRef, canaryApi],
      [signalApiRef, signalApi],
      mockApis.permission(),
    ],
  });
  const push = (message: Record<string, unknown>) =>
    act(() => signalApi.push(CANARY_SIGNAL_CHANNEL, message));
  return { canaryApi, signalApi, push };
};

describe('FleetView live updates', () => {
  beforeEach(() => (usePolling as jest.Mock).mockClear());

  it("re-reads the rollouts, and the selected lane's timeline and metrics, when one of the entity's canaries changed", async () => {
    const { canaryApi, signalApi, push } = renderFleet();
    await screen.findByText('2 of 2 clusters promoted');
    expect(screen.getByText(/^Live · Updated/)).toBeInTheDocument();
    // Signals arrive: polling stays as the fallback, every 30 s instead of 10 s.
    expect(pollingIntervals().every(i => i === 30_000)).toBe(true);
    expect(signalApi.subscribe).toHaveBeenCalledWith(
      CANARY_SIGNAL_CHANNEL,
      expect.any(Function),
    );
    await waitFor(() => expect(canaryApi.getMetrics).toHaveBeenCalled());
    const runsBefore = canaryApi.listRuns.mock.calls.length;
    const metricsBefore = canaryApi.getMetrics.mock.calls.length;
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(1);

    push({ cluster: 'kurator-member1', namespace: 'webapp', name: 'backend' });
    await waitFor(() =>
      expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(2),
    );
    // kurator-member1 is the selected lane: its runs and metrics are read again.
    await waitFor(() =>
      expect(canaryApi.listRuns.mock.calls.length).toBeGreaterThan(runsBefore),
    );
    await waitFor(() =>
      expect(canaryApi.getMetrics.mock.calls.length).toBeGreaterThan(
        metricsBefore,
      ),
    );

    // Another lane of the entity: the lanes are re-read, not the selected lane's details.
    const runsAfter = canaryApi.listRuns.mock.calls.length;
    push({ cluster: 'kurator-member2', namespace: 'webapp', name: 'backend' });
    await waitFor(() =>
      expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(3),
    );
    expect(canaryApi.listRuns.mock.calls.length).toBe(runsAfter);
  });

  it("reads the selected lane's metrics once on load", async () => {
    const { canaryApi } = renderFleet();
    await screen.findByText('2 of 2 clusters promoted');
    await waitFor(() => expect(canaryApi.getMetrics).toHaveBeenCalled());
    // Give a second read the chance to happen.
    await act(() => new Promise(resolve => setTimeout(resolve, 300)));
    // Read once, not over the last hour first and then again: the charts are drawn once.
    expect(canaryApi.getMetrics).toHaveBeenCalledTimes(1);
  });

  it("reads only the lanes again when a canary object changed, and the selected lane's history too when the recorder stored something", async () => {
    const { canaryApi, push } = renderFleet();
    await screen.findByText('2 of 2 clusters promoted');
    await waitFor(() => expect(canaryApi.getMetrics).toHaveBeenCalled());
    const runs = canaryApi.listRuns.mock.calls.length;
    const metrics = canaryApi.getMetrics.mock.calls.length;

    // The selected lane's canary object changed (say, it was paused): its lane is read again.
    push({
      cluster: 'kurator-member1',
      namespace: 'webapp',
      name: 'backend',
      change: 'state',
    });
    await waitFor(() =>
      expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(2),
    );
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    expect(canaryApi.listRuns.mock.calls.length).toBe(runs);
    expect(canaryApi.getMetrics.mock.calls.length).toBe(metrics);

    // The recorder stored an event of it: the lanes and its runs, timeline and metrics.
    push({
      cluster: 'kurator-member1',
      namespace: 'webapp',
      name: 'backend',
      change: 'history',
    });
    await waitFor(() =>
      expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(3),
    );
    await waitFor(() =>
      expect(canaryApi.listRuns.mock.calls.length).toBeGreaterThan(runs),
    );
    await waitFor(() =>
      expect(canaryApi.getMetrics.mock.calls.length).toBeGreaterThan(metrics),
    );
  });

  it("ignores signals about canaries that are not the entity's", async () => {
    const { canaryApi, push } = renderFleet();
    await screen.findByText('2 of 2 clusters promoted');
    push({ cluster: 'kurator-member1', namespace: 'shop', name: 'checkout' });
    push({ cluster: 'kurator-member3', namespace: 'webapp', name: 'backend' });
    push({ unrelated: true });
    // Give a refresh the chance to happen.
    await act(() => new Promise(resolve => setTimeout(resolve, 200)));
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(1);
  });

  it('polls every 10 s and claims no live updates when the app has no signals', async () => {
    const canaryApi = stubCanaryApi({
      getEntityRollouts: jest.fn(async () => fleet),
    });
    renderInTestApp(<FleetView entityRef={entityRef} />, {
      apis: [[canaryApiRef, canaryApi], mockApis.permission()],
    });
    await screen.findByText('2 of 2 clusters promoted');
    expect(screen.getByText(/^Updated/)).toBeInTheDocument();
    expect(pollingIntervals().every(i => i === 10_000)).toBe(true);
  });
});
