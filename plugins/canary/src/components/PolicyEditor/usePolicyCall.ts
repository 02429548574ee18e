import { useCallback, useRef, useState } from 'react';
import { readPolicyCallError, type PolicyCallError } from './policyErrors';

/** The state of one kind of backend call about the policy. */
export type PolicyCallState<T> = {
  loading: boolean;
  value?: T;
  error?: PolicyCallError;
  /** The policy snapshot the value or error is for. */
  snapshot?: string;
};

/**
 * Runs a backend call about a policy snapshot and keeps the answer of the latest call only, so a
 * slow answer for an older policy never replaces a newer one.
 */
export function usePolicyCall<T, A = void>(
  call: (arg: A) => Promise<T>,
  snapshot: string,
): [PolicyCallState<T>, (arg: A) => Promise<T | undefined>] {
  const [state, setState] = useState<PolicyCallState<T>>({ loading: false });
  const latest = useRef(0);
  const run = useCallback(
    async (arg: A) => {
      const id = ++latest.current;
      setState(s => ({ ...s, loading: true }));
      try {
        const value = await call(arg);
        if (id === latest.current)
          setState({ loading: false, value, snapshot });
        return value;
      } catch (e) {
        if (id === latest.current)
          setState({ loading: false, error: readPolicyCallError(e), snapshot });
        return undefined;
      }
    },
    [call, snapshot],
  );
  return [state, run];
}
