import { CANARY_SIGNAL_CHANNEL } from '@backstage-canary/plugin-canary-common';
import { canarySignal } from './canarySignal';

describe('canarySignal', () => {
  const canary = {
    cluster: 'kurator-member1',
    namespace: 'shop',
    name: 'checkout',
  };

  it('names the canary and what changed, to every user, on the Canary channel', () => {
    expect(canarySignal(canary, 'state')).toEqual({
      recipients: { type: 'broadcast' },
      channel: CANARY_SIGNAL_CHANNEL,
      message: { ...canary, change: 'state' },
    });
    expect(canarySignal(canary, 'history').message).toEqual({
      ...canary,
      change: 'history',
    });
  });

  it('carries nothing but the canary and the change', () => {
    const withMore = { ...canary, uid: 'secret', spec: {} } as typeof canary;
    expect(Object.keys(canarySignal(withMore, 'state').message).sort()).toEqual(
      ['change', 'cluster', 'name', 'namespace'],
    );
  });
});
