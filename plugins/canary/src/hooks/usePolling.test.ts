import { renderHook } from '@testing-library/react';
import { usePolling } from './usePolling';

describe('usePolling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('calls back every interval while the page is visible, not while hidden', () => {
    const callback = jest.fn();
    const visibility = jest.spyOn(document, 'visibilityState', 'get');
    visibility.mockReturnValue('visible');
    const { unmount } = renderHook(() => usePolling(callback, 10_000));
    jest.advanceTimersByTime(20_000);
    expect(callback).toHaveBeenCalledTimes(2);

    visibility.mockReturnValue('hidden');
    jest.advanceTimersByTime(30_000);
    expect(callback).toHaveBeenCalledTimes(2);

    visibility.mockReturnValue('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(callback).toHaveBeenCalledTimes(3);

    unmount();
    jest.advanceTimersByTime(30_000);
    expect(callback).toHaveBeenCalledTimes(3);
    visibility.mockRestore();
  });
});
