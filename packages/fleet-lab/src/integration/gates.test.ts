import { sleep } from '../lib/processes';
import { rolloutImage, setGate } from '../scenarios/scenarios';
import { resolveTarget } from '../scenarios/targets';
import {
  canaryEventsSince,
  getCanary,
  labInfo,
  nowMinusOneSecond,
  runEventsSince,
  waitForCanary,
  waitForRunEnd,
  waitForStable,
} from '../testing/labTestUtils';
import { shareTheLab } from '../testing/labLease';

const CLUSTER = 'kurator-member1';
const NS = 'shop';
const NAME = 'checkout';

async function checkout() {
  const info = labInfo();
  return { info, target: await resolveTarget(info, 'shop/checkout', CLUSTER) };
}

// The member-outage test runs while no other file uses the lab.
shareTheLab();

describe('the native canary shop/checkout with loadtester gates', () => {
  beforeEach(async () => {
    const { info, target } = await checkout();
    // gates left open by an interrupted run would approve this one
    await setGate(info, target, 'gate', false);
    await setGate(info, target, 'rollback', false);
    await waitForStable(CLUSTER, NS, NAME);
  }, 200_000);

  it('waits for promotion approval at max weight and promotes once the gate opens', async () => {
    const { info, target } = await checkout();
    const since = nowMinusOneSecond();
    await rolloutImage(info, target);
    const waiting = await waitForCanary(
      CLUSTER,
      NS,
      NAME,
      c => c.status?.phase === 'WaitingPromotion',
      120_000,
    );
    // Flagger reports weight 0 in WaitingPromotion although the routes keep 30% on the canary
    expect(waiting.status.canaryWeight).toBe(0);
    expect(waiting.status.conditions[0]).toMatchObject({
      reason: 'WaitingPromotion',
      message: 'Waiting for approval.',
    });

    // the closed gate holds the rollout across several analysis ticks
    await sleep(10_000);
    expect((await getCanary(CLUSTER, NS, NAME)).status.phase).toBe(
      'WaitingPromotion',
    );

    await setGate(info, target, 'gate', true);
    let done;
    try {
      done = await waitForCanary(
        CLUSTER,
        NS,
        NAME,
        c => ['Succeeded', 'Failed'].includes(c.status?.phase),
        60_000,
      );
      expect(done.status.phase).toBe('Succeeded');
    } finally {
      await setGate(info, target, 'gate', false);
    }
    const messages = (await runEventsSince(CLUSTER, NS, NAME, since, done)).map(
      e => e.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'Advance checkout.shop canary weight 30',
        'Halt checkout.shop advancement waiting for promotion approval promotion-gate',
        'Confirm-promotion check promotion-gate passed',
        'Copying checkout.shop template spec to checkout-primary.shop',
        'Promotion completed! Scaling down checkout.shop',
      ]),
    );
    expect(messages).not.toContain('Advance checkout.shop canary weight 40');
  }, 200_000);

  it('rolls back when the rollback gate is opened during the analysis', async () => {
    const { info, target } = await checkout();
    const since = nowMinusOneSecond();
    await rolloutImage(info, target);
    await waitForCanary(
      CLUSTER,
      NS,
      NAME,
      c => c.status?.phase === 'Progressing' && c.status.canaryWeight >= 10,
      120_000,
    );
    await setGate(info, target, 'rollback', true);
    try {
      const done = await waitForCanary(
        CLUSTER,
        NS,
        NAME,
        c => ['Succeeded', 'Failed'].includes(c.status?.phase),
        60_000,
      );
      expect(done.status.phase).toBe('Failed');
    } finally {
      await setGate(info, target, 'rollback', false);
    }
    const messages = (await canaryEventsSince(CLUSTER, NS, NAME, since)).map(
      e => e.message,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        'Rollback check rollback-gate passed',
        'Rolling back checkout.shop manual webhook invoked',
        'Canary failed! Scaling down checkout.shop',
      ]),
    );
  }, 200_000);

  it('rolls back a canary that never becomes ready once its progress deadline passes', async () => {
    const { info, target } = await checkout();
    const before = await waitForStable(CLUSTER, NS, NAME);
    const since = nowMinusOneSecond();
    const [change] = await rolloutImage(info, target, { variant: 'stuck' });
    const done = await waitForRunEnd(CLUSTER, NS, NAME, before, 120_000);
    expect(done.status.phase).toBe('Failed');
    const messages = (await canaryEventsSince(CLUSTER, NS, NAME, since)).map(
      e => e.message,
    );
    const notReady =
      'canary deployment checkout.shop not ready: waiting for rollout to finish: 0 of 1 (readyThreshold 100%) updated replicas are available';
    // retried while within progressDeadlineSeconds, then rolled back
    expect(messages).toContain(notReady);
    expect(messages).toContain(
      `Rolling back checkout.shop progress deadline exceeded ${notReady}`,
    );
    expect(messages).toContain('Canary failed! Scaling down checkout.shop');
    expect(change.to).toMatch(/stuck$/);
  }, 200_000);
});
