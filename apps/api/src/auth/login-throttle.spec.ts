import { LoginThrottle, THROTTLE } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 1_000_000;
  const throttle = () => new LoginThrottle(() => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows five failures, then locks for 30 s', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure('alice', '1.2.3.4');
    expect(t.retryAfterMs('alice', '1.2.3.4')).toBe(0);
    t.recordFailure('alice', '1.2.3.4');
    expect(t.retryAfterMs('alice', '1.2.3.4')).toBe(THROTTLE.baseLockMs);
    now += THROTTLE.baseLockMs;
    expect(t.retryAfterMs('alice', '1.2.3.4')).toBe(0);
  });

  it('doubles the lock with every further failure, up to 15 minutes', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.recordFailure('alice', 'ip');
    const locks: number[] = [];
    for (let i = 0; i < 8; i++) {
      now += t.retryAfterMs('alice', 'ip');
      t.recordFailure('alice', 'ip');
      locks.push(t.retryAfterMs('alice', 'ip'));
    }
    expect(locks.slice(0, 4)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(Math.max(...locks)).toBe(THROTTLE.maxLockMs);
  });

  it('keys by username and IP', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.recordFailure('alice', 'ip1');
    expect(t.retryAfterMs('ALICE', 'ip1')).toBeGreaterThan(0);
    expect(t.retryAfterMs('alice', 'ip2')).toBe(0);
    expect(t.retryAfterMs('bob', 'ip1')).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure('alice', 'ip');
    now += THROTTLE.windowMs;
    t.recordFailure('alice', 'ip');
    expect(t.retryAfterMs('alice', 'ip')).toBe(0);
  });

  it('clears on success', () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) t.recordFailure('alice', 'ip');
    t.recordSuccess('alice', 'ip');
    expect(t.retryAfterMs('alice', 'ip')).toBe(0);
  });
});
