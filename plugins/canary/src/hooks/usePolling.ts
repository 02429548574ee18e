import { useEffect, useRef } from 'react';

/** How often a view of rollouts refreshes while visible. */
export const POLL_INTERVAL_MS = 10_000;
/** How often it refreshes while the backend's signals tell it about changes (and no run is on). */
export const SIGNALS_POLL_INTERVAL_MS = 30_000;

const isVisible = () =>
  typeof document === 'undefined' || document.visibilityState !== 'hidden';

/**
 * Calls `callback` every `intervalMs` while the page is visible, and once more when the page
 * becomes visible again. Pass `undefined` as the interval to stop.
 */
export function usePolling(callback: () => void, intervalMs?: number) {
  const saved = useRef(callback);
  useEffect(() => {
    saved.current = callback;
  }, [callback]);

  useEffect(() => {
    if (!intervalMs) return undefined;
    const timer = setInterval(() => {
      if (isVisible()) saved.current();
    }, intervalMs);
    const onVisibility = () => {
      if (isVisible()) saved.current();
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [intervalMs]);
}
