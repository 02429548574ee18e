import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import type { EntityRolloutsResponse } from '@backstage-canary/plugin-canary-common';
import { canaryApiRef } from '../api';
import { stubCanaryApi } from '../__testUtils__/rollouts';
import { useEntityRollouts } from './useEntityRollouts';

const entityRef = 'component:default/rollout-demo';

/** An answer told apart by its summary's cluster count. */
const answer = (clusters: number) =>
  ({
    items: [],
    errors: [],
    summary: { clusters },
  } as unknown as EntityRolloutsResponse);

/** A backend whose reads stay pending until the test answers them, in order. */
function pendingBackend() {
  const reads: Array<{
    resolve: (v: EntityRolloutsResponse) => void;
    reject: (e: Error) => void;
  }> = [];
  const canaryApi = stubCanaryApi({
    getEntityRollouts: jest.fn(
      () =>
        new Promise<EntityRolloutsResponse>((resolve, reject) =>
          reads.push({ resolve, reject }),
        ),
    ),
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[canaryApiRef, canaryApi]]}>
      {children}
    </TestApiProvider>
  );
  return { canaryApi, reads, wrapper };
}

const clustersOf = (value?: EntityRolloutsResponse) =>
  (value?.summary as unknown as { clusters: number } | undefined)?.clusters;

describe('useEntityRollouts', () => {
  it('reads once at a time, runs refreshes asked meanwhile as one more read, and keeps the last answer on errors', async () => {
    const { canaryApi, reads, wrapper } = pendingBackend();
    const { result } = renderHook(() => useEntityRollouts(entityRef), {
      wrapper,
    });
    expect(result.current.loading).toBe(true);
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(1);

    // Three signals while the first read is pending: one more read after it, not three.
    act(() => {
      result.current.retry();
      result.current.retry();
      result.current.retry();
    });
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(1);
    await act(async () => reads[0].resolve(answer(1)));
    await waitFor(() =>
      expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(2),
    );
    expect(clustersOf(result.current.value)).toBe(1);
    expect(result.current.refreshing).toBe(true);

    await act(async () => reads[1].reject(new Error('backend restarting')));
    await waitFor(() => expect(result.current.refreshing).toBe(false));
    expect(result.current.error?.message).toBe('backend restarting');
    expect(clustersOf(result.current.value)).toBe(1);
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(2);

    // The next answer replaces the value and clears the error.
    act(() => result.current.retry());
    await act(async () => reads[2].resolve(answer(2)));
    await waitFor(() => expect(clustersOf(result.current.value)).toBe(2));
    expect(result.current.error).toBeUndefined();
  });

  it('abandons a read that never answers, so a later refresh still updates the tab', async () => {
    const now = jest.spyOn(Date, 'now');
    now.mockReturnValue(1_000_000);
    const { canaryApi, reads, wrapper } = pendingBackend();
    const { result } = renderHook(() => useEntityRollouts(entityRef), {
      wrapper,
    });
    await act(async () => reads[0].resolve(answer(1)));
    await waitFor(() => expect(clustersOf(result.current.value)).toBe(1));

    // A read to a backend that went away hangs; refreshes within 30 s wait for it.
    act(() => result.current.retry());
    act(() => result.current.retry());
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(2);

    // After 30 s the next refresh reads again, and the hung read's late answer is dropped.
    now.mockReturnValue(1_031_000);
    act(() => result.current.retry());
    expect(canaryApi.getEntityRollouts).toHaveBeenCalledTimes(3);
    await act(async () => reads[2].resolve(answer(3)));
    await waitFor(() => expect(clustersOf(result.current.value)).toBe(3));
    await act(async () => reads[1].resolve(answer(2)));
    expect(clustersOf(result.current.value)).toBe(3);
    now.mockRestore();
  });
});
