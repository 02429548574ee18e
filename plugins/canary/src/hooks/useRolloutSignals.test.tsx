import { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { CANARY_SIGNAL_CHANNEL } from '@backstage-canary/plugin-canary-common';
import { stubSignalApi } from '../__testUtils__/rollouts';
import { useRolloutSignals } from './useRolloutSignals';

const checkout = {
  cluster: 'kurator-member1',
  namespace: 'shop',
  name: 'checkout',
};
const podinfo = {
  cluster: 'kurator-member1',
  namespace: 'test',
  name: 'podinfo',
};

function renderSignals(onChange: jest.Mock) {
  const signalApi = stubSignalApi();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[signalApiRef, signalApi]]}>
      {children}
    </TestApiProvider>
  );
  let renders = 0;
  const hook = renderHook(
    () => {
      renders += 1;
      return useRolloutSignals([checkout], onChange);
    },
    { wrapper },
  );
  const push = (...messages: Array<Record<string, unknown>>) =>
    act(() => {
      for (const message of messages) {
        signalApi.push(CANARY_SIGNAL_CHANNEL, message);
      }
    });
  return { hook, push, renders: () => renders };
}

describe('useRolloutSignals', () => {
  it("handles every signal, also one followed by another canary's before React renders", () => {
    const onChange = jest.fn();
    const { hook, push } = renderSignals(onChange);
    expect(hook.result.current.live).toBe(true);

    // The fleet's signals are broadcast: the entity's canary, then another one, in one go.
    push(checkout, podinfo);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(checkout, undefined);
  });

  it('tells what changed: the canary object, its history, or (unsaid) either', () => {
    const onChange = jest.fn();
    const { push } = renderSignals(onChange);
    push({ ...checkout, change: 'state' });
    push({ ...checkout, change: 'history' });
    push({ ...checkout, change: 'something else' });
    expect(onChange.mock.calls).toEqual([
      [checkout, 'state'],
      [checkout, 'history'],
      [checkout, undefined],
    ]);
  });

  it('does not render its component again for a signal', () => {
    const onChange = jest.fn();
    const { push, renders } = renderSignals(onChange);
    const before = renders();
    push(podinfo, { ...podinfo, change: 'state' }, { unrelated: true });
    push(checkout);
    expect(renders()).toBe(before);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('is not live without the signals API', () => {
    const { result } = renderHook(
      () => useRolloutSignals([checkout], jest.fn()),
      {
        wrapper: ({ children }: { children: ReactNode }) => (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
      },
    );
    expect(result.current.live).toBe(false);
  });
});
