import { settleWithin } from './settleWithin';

describe('settleWithin', () => {
  it('resolves when the work settles, resolved or rejected', async () => {
    const signal = new AbortController().signal;
    await expect(settleWithin(Promise.resolve(), signal, 10)).resolves.toBe(
      'settled',
    );
    await expect(
      settleWithin(Promise.reject(new Error('x')), signal, 10),
    ).resolves.toBe('settled');
  });

  it('gives up on work that ignores the abort once the grace has passed', async () => {
    const controller = new AbortController();
    const never = new Promise(() => undefined);
    const outcome = settleWithin(never, controller.signal, 20);
    controller.abort();
    await expect(outcome).resolves.toBe('abandoned');
  });

  it('still takes work that settles within the grace after the abort', async () => {
    const controller = new AbortController();
    controller.abort();
    const late = new Promise(resolve => setTimeout(resolve, 5));
    await expect(settleWithin(late, controller.signal, 1_000)).resolves.toBe(
      'settled',
    );
  });

  it('waits as long as it takes while the signal has not aborted', async () => {
    const controller = new AbortController();
    let done = false;
    const slow = new Promise(resolve => setTimeout(resolve, 50)).then(() => {
      done = true;
    });
    await expect(settleWithin(slow, controller.signal, 1)).resolves.toBe(
      'settled',
    );
    expect(done).toBe(true);
  });
});
