/**
 * Slows down password guessing on two axes:
 * - per username, from any address: failures count until 15 minutes pass without one; from the 5th on the username
 *   is locked for 30 s, doubling with every further failure (capped at 15 min); a success clears it. This stops
 *   guessing one account from many addresses, and it does not depend on the client address at all, so neither a
 *   shared NAT nor a proxy address (TRUST_PROXY unset) changes it.
 *   An address that signed in as that user in the last 30 days is exempt from the username lock (not from its own
 *   budget below): others' failures cannot lock a user out of the places it signs in from.
 * - per client address, across usernames: 20 failures in the window are free, then the address is locked for 60 s,
 *   doubling likewise; a success does not clear it (else signing in with one's own account would reset a
 *   sprayer's budget). This slows spraying one password over many usernames.
 * The address is Fastify's `req.ip`, which honours TRUST_PROXY.
 *
 * Memory is bounded without ever dropping a lock: entries whose window passed are dropped, and past `maxEntries`
 * the oldest unlocked ones go; a locked entry stays until its lock and window end. Locks are bounded by what it
 * takes to make them (5 failures per username, each under an address's budget). This class keeps the state in
 * memory, per process (no REDIS_URL); with REDIS_URL the same rules run in Redis, shared by every API replica
 * (login-limiter.ts).
 */
export interface LockRule {
  freeFailures: number;
  windowMs: number;
  baseLockMs: number;
  maxLockMs: number;
}

export const THROTTLE = {
  username: { freeFailures: 5, windowMs: 15 * 60 * 1000, baseLockMs: 30 * 1000, maxLockMs: 15 * 60 * 1000 },
  address: { freeFailures: 20, windowMs: 15 * 60 * 1000, baseLockMs: 60 * 1000, maxLockMs: 15 * 60 * 1000 },
  /** Unlocked entries kept per table before the oldest are dropped. */
  maxEntries: 10_000,
  /** How long a successful sign-in exempts its address from that username's lock, and how many addresses per user. */
  knownAddressMs: 30 * 24 * 60 * 60 * 1000,
  knownAddressesPerUser: 5,
} as const;

export type ThrottleLimits = { username: LockRule; address: LockRule; maxEntries: number; knownAddressMs: number; knownAddressesPerUser: number };

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

/** Failures per key with a progressive lock; see the module comment for the eviction rule. */
export class FailureLocks {
  private readonly entries = new Map<string, Entry>();
  private sweepAt: number;

  constructor(
    private readonly rule: LockRule,
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {
    this.sweepAt = maxEntries;
  }

  retryAfterMs(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.lockedUntil - this.now()) : 0;
  }

  fail(key: string): void {
    const now = this.now();
    const entry = this.entries.get(key) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    if (now - entry.lastFailure >= this.rule.windowMs) entry.failures = 0;
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - this.rule.freeFailures;
    if (over >= 0) entry.lockedUntil = now + Math.min(this.rule.maxLockMs, this.rule.baseLockMs * 2 ** over);
    // Re-inserted so the map's order is least recently failed first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.sweepAt) this.sweep(now);
  }

  clear(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    const locked = (e: Entry): boolean => e.lockedUntil > now;
    for (const [key, entry] of this.entries) {
      if (!locked(entry) && now - entry.lastFailure >= this.rule.windowMs) this.entries.delete(key);
    }
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      if (!locked(entry)) this.entries.delete(key);
    }
    // The next sweep after a tenth more entries: amortised O(1) per failure even when locks fill the table.
    this.sweepAt = this.entries.size + Math.max(1, Math.floor(this.maxEntries / 10));
  }
}

/**
 * Addresses each user recently signed in from. Bounded: a few per user, and past `maxEntries` users the least
 * recently signed-in go (forgetting only takes an exemption away, never a lock).
 */
class KnownAddresses {
  private readonly byUser = new Map<string, Map<string, number>>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => number,
  ) {}

  has(user: string, ip: string): boolean {
    const at = this.byUser.get(user)?.get(ip);
    return at !== undefined && this.now() - at < this.limits.knownAddressMs;
  }

  remember(user: string, ip: string): void {
    const addresses = this.byUser.get(user) ?? new Map<string, number>();
    addresses.delete(ip);
    addresses.set(ip, this.now());
    if (addresses.size > this.limits.knownAddressesPerUser) addresses.delete(addresses.keys().next().value!);
    this.byUser.delete(user);
    this.byUser.set(user, addresses);
    if (this.byUser.size > this.limits.maxEntries) this.byUser.delete(this.byUser.keys().next().value!);
  }

  get size(): number {
    return this.byUser.size;
  }
}

export class LoginThrottle {
  private readonly usernames: FailureLocks;
  private readonly addresses: FailureLocks;
  private readonly known: KnownAddresses;

  constructor(now: () => number = Date.now, limits: ThrottleLimits = THROTTLE) {
    this.usernames = new FailureLocks(limits.username, limits.maxEntries, now);
    this.addresses = new FailureLocks(limits.address, limits.maxEntries, now);
    this.known = new KnownAddresses(limits, now);
  }

  /** Milliseconds the caller must still wait, or 0 when an attempt is allowed. */
  retryAfterMs(username: string, ip: string): number {
    const user = usernameKey(username);
    const userWait = this.known.has(user, ip) ? 0 : this.usernames.retryAfterMs(user);
    return Math.max(userWait, this.addresses.retryAfterMs(ip));
  }

  recordFailure(username: string, ip: string): void {
    this.usernames.fail(usernameKey(username));
    this.addresses.fail(ip);
  }

  recordSuccess(username: string, ip: string): void {
    this.usernames.clear(usernameKey(username));
    this.known.remember(usernameKey(username), ip);
  }

  /** Entries held, for tests of the memory bound. */
  get size(): { usernames: number; addresses: number; knownUsers: number } {
    return { usernames: this.usernames.size, addresses: this.addresses.size, knownUsers: this.known.size };
  }
}

const usernameKey = (username: string): string => username.toLowerCase();
