/**
 * Waits for `work`; once `signal` has aborted, waits at most `graceMs` more. Resolves `'settled'`
 * when the work settled (whether it resolved or rejected), `'abandoned'` when the grace ran out
 * first: a caller that must go on (a reconnect loop) is not held by a promise that ignores the
 * abort, and can say which one it was.
 */
export function settleWithin(
  work: Promise<unknown>,
  signal: AbortSignal,
  graceMs: number,
): Promise<'settled' | 'abandoned'> {
  return new Promise(resolve => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      timer = setTimeout(() => resolve('abandoned'), graceMs);
    };
    const settled = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve('settled');
    };
    work.then(settled, settled);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
