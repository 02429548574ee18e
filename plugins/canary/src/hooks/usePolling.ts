import { useEffect, useRef } from 'react';

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
