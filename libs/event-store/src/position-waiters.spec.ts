import { PositionWaiters } from './position-waiters';

describe('PositionWaiters', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves true once the position is applied, false after the timeout', async () => {
    const waiters = new PositionWaiters();
    const five = waiters.wait(5, 1000);
    const nine = waiters.wait(9, 1000);
    waiters.settle(4);
    waiters.settle(7);
    await expect(five).resolves.toBe(true);
    jest.advanceTimersByTime(1000);
    await expect(nine).resolves.toBe(false);
  });

  it('releases every waiter with whether its position is applied, and forgets them', async () => {
    const waiters = new PositionWaiters();
    const applied = waiters.wait(3, 1000);
    const pending = waiters.wait(8, 1000);
    waiters.releaseAll(3);
    await expect(applied).resolves.toBe(true);
    await expect(pending).resolves.toBe(false);
    expect(jest.getTimerCount()).toBe(0);
  });
});
