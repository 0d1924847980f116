/**
 * Access tokens this process has verified, so the same client's next requests skip the signature check and the
 * decoding (the largest cost of an authenticated request after the framework itself). A token is the same bytes
 * under the same secret, so its verification cannot change — except by expiring, which is checked on every hit.
 * The user behind it is still read from the user directory on each request (deactivation takes effect at once).
 * Bounded: the least recently used entry goes first.
 */
export interface VerifiedClaims {
  sub: string;
  /** Expiry, seconds since the epoch (JWT `exp`). */
  exp: number;
}

export class VerifiedTokens<C extends VerifiedClaims> {
  private readonly entries = new Map<string, C>();

  constructor(
    readonly capacity = 10_000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The claims of a token verified before and not expired since; undefined otherwise. */
  get(token: string): C | undefined {
    const claims = this.entries.get(token);
    if (claims === undefined) return undefined;
    this.entries.delete(token);
    if (this.nowMs() >= claims.exp * 1000) return undefined;
    // Re-inserted: Map order is the recency order.
    this.entries.set(token, claims);
    return claims;
  }

  /** Remembers a token that just passed verification; one without an expiry is never cached. */
  remember(token: string, claims: C): void {
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return;
    this.entries.delete(token);
    this.entries.set(token, claims);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
