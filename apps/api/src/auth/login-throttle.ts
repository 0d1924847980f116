/**
 * Slows down password guessing per username + client IP: failures count until 15 minutes pass without one; from the
 * 5th on, the pair is locked for 30 s, doubling with every further failure (capped at 15 min); a success clears it. State is in memory, per
 * process: a restart forgets it and N API instances allow N times the attempts, which is acceptable for the
 * embedded profile (a shared store such as Redis would be the fix for the production topology).
 */
export const THROTTLE = {
  freeFailures: 5,
  windowMs: 15 * 60 * 1000,
  baseLockMs: 30 * 1000,
  maxLockMs: 15 * 60 * 1000,
  maxEntries: 10_000,
} as const;

interface Entry {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds the caller must still wait, or 0 when an attempt is allowed. */
  retryAfterMs(username: string, ip: string): number {
    const entry = this.entries.get(keyOf(username, ip));
    if (!entry) return 0;
    return Math.max(0, entry.lockedUntil - this.now());
  }

  recordFailure(username: string, ip: string): void {
    const now = this.now();
    const key = keyOf(username, ip);
    const entry = this.entries.get(key) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    if (now - entry.lastFailure >= THROTTLE.windowMs) entry.failures = 0;
    entry.failures += 1;
    entry.lastFailure = now;
    const over = entry.failures - THROTTLE.freeFailures;
    if (over >= 0) entry.lockedUntil = now + Math.min(THROTTLE.maxLockMs, THROTTLE.baseLockMs * 2 ** over);
    // Re-insert so the map's order is least recently failed first, for eviction.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict(now);
  }

  recordSuccess(username: string, ip: string): void {
    this.entries.delete(keyOf(username, ip));
  }

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      const stale = entry.lockedUntil <= now && now - entry.lastFailure >= THROTTLE.windowMs;
      if (!stale && this.entries.size <= THROTTLE.maxEntries) return;
      this.entries.delete(key);
    }
  }
}

const keyOf = (username: string, ip: string): string => `${username.toLowerCase()}\u0000${ip}`;
