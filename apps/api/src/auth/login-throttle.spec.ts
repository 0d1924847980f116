import { LoginThrottle, THROTTLE } from './login-throttle';
import type { ThrottleLimits } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 1_000_000;
  const throttle = (limits: ThrottleLimits = THROTTLE) => new LoginThrottle(() => now, limits);
  const U = THROTTLE.username;
  const A = THROTTLE.address;
  beforeEach(() => {
    now = 1_000_000;
  });

  describe('per username', () => {
    it('allows five failures, then locks for 30 s', () => {
      const t = throttle();
      for (let i = 0; i < 4; i++) t.recordFailure('alice', '1.2.3.4');
      expect(t.retryAfterMs('alice', '1.2.3.4')).toBe(0);
      t.recordFailure('alice', '1.2.3.4');
      expect(t.retryAfterMs('alice', '1.2.3.4')).toBe(U.baseLockMs);
      now += U.baseLockMs;
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
      expect(Math.max(...locks)).toBe(U.maxLockMs);
    });

    it('counts the failures of every address together, and locks the username for every address', () => {
      const t = throttle();
      for (let i = 0; i < 5; i++) t.recordFailure('alice', `10.0.0.${i}`);
      expect(t.retryAfterMs('ALICE', '192.0.2.1')).toBe(U.baseLockMs);
      expect(t.retryAfterMs('bob', '192.0.2.1')).toBe(0);
    });

    it('keeps a lock through any number of failures for other usernames, and stays bounded', () => {
      const t = throttle({ ...THROTTLE, maxEntries: 100 });
      for (let i = 0; i < 5; i++) t.recordFailure('admin', '10.0.0.1');
      for (let i = 0; i < 10_050; i++) t.recordFailure(`user-${i}`, `10.1.${i >> 8}.${i & 255}`);
      expect(t.retryAfterMs('admin', '203.0.113.9')).toBe(U.baseLockMs);
      // The unlocked entries were dropped down to the bound (plus the tenth of slack between sweeps).
      expect(t.size.usernames).toBeLessThanOrEqual(111);
      expect(t.size.addresses).toBeLessThanOrEqual(111);
    });

    it('forgets failures older than the window, and drops the stale entries', () => {
      const t = throttle({ ...THROTTLE, maxEntries: 10 });
      for (let i = 0; i < 4; i++) t.recordFailure('alice', 'ip');
      now += U.windowMs;
      t.recordFailure('alice', 'ip');
      expect(t.retryAfterMs('alice', 'ip')).toBe(0);
      for (let i = 0; i < 11; i++) t.recordFailure(`old-${i}`, `ip-${i}`);
      now += U.windowMs;
      t.recordFailure('fresh', 'ip-fresh');
      expect(t.size.usernames).toBe(1);
    });

    it("does not lock a user out of an address it signed in from in the last 30 days; that address keeps its own budget", () => {
      const t = throttle();
      t.recordSuccess('admin', '198.51.100.1');
      for (let i = 0; i < 5; i++) t.recordFailure('admin', `203.0.113.${i}`);
      expect(t.retryAfterMs('admin', '203.0.113.99')).toBe(U.baseLockMs);
      expect(t.retryAfterMs('admin', '198.51.100.1')).toBe(0);
      for (let i = 0; i < A.freeFailures; i++) t.recordFailure('admin', '198.51.100.1');
      expect(t.retryAfterMs('admin', '198.51.100.1')).toBe(A.baseLockMs);
    });

    it('forgets known addresses after 30 days, keeps a few per user and a bounded number of users', () => {
      const t = throttle({ ...THROTTLE, maxEntries: 50 });
      t.recordSuccess('admin', '198.51.100.1');
      now += THROTTLE.knownAddressMs;
      for (let i = 0; i < 5; i++) t.recordFailure('admin', `203.0.113.${i}`);
      expect(t.retryAfterMs('admin', '198.51.100.1')).toBe(U.baseLockMs);

      for (let i = 0; i <= THROTTLE.knownAddressesPerUser; i++) t.recordSuccess('bob', `10.0.0.${i}`);
      for (let i = 0; i < 5; i++) t.recordFailure('bob', '203.0.113.7');
      expect(t.retryAfterMs('bob', '10.0.0.0')).toBe(U.baseLockMs);
      expect(t.retryAfterMs('bob', `10.0.0.${THROTTLE.knownAddressesPerUser}`)).toBe(0);

      for (let i = 0; i < 200; i++) t.recordSuccess(`user-${i}`, '10.1.1.1');
      expect(t.size.knownUsers).toBe(50);
    });

    it('clears on success', () => {
      const t = throttle();
      for (let i = 0; i < 5; i++) t.recordFailure('alice', 'ip');
      t.recordSuccess('alice', 'ip');
      expect(t.retryAfterMs('alice', 'ip')).toBe(0);
    });
  });

  describe('per address, across usernames', () => {
    it('allows 20 failures over any usernames, then locks the address for 60 s, doubling', () => {
      const t = throttle();
      for (let i = 0; i < A.freeFailures - 1; i++) t.recordFailure(`user-${i}`, '198.51.100.7');
      expect(t.retryAfterMs('someone-else', '198.51.100.7')).toBe(0);
      t.recordFailure('one-more', '198.51.100.7');
      expect(t.retryAfterMs('someone-else', '198.51.100.7')).toBe(A.baseLockMs);
      expect(t.retryAfterMs('someone-else', '198.51.100.8')).toBe(0);
      now += A.baseLockMs;
      t.recordFailure('after-the-lock', '198.51.100.7');
      expect(t.retryAfterMs('x', '198.51.100.7')).toBe(2 * A.baseLockMs);
    });

    it('is not reset by a success', () => {
      const t = throttle();
      for (let i = 0; i < A.freeFailures - 1; i++) t.recordFailure(`user-${i}`, 'ip');
      t.recordSuccess('mallory', 'ip');
      t.recordFailure('user-x', 'ip');
      expect(t.retryAfterMs('user-y', 'ip')).toBe(A.baseLockMs);
    });
  });
});
