/**
 * argon2id password hashing. Production uses OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane);
 * `fast` (1 MiB, 1 pass) exists only so e2e tests that register many users stay quick, and is reachable only
 * through `createApp`'s test overrides, never through configuration.
 */
import { hash, verify } from '@node-rs/argon2';
import type { Algorithm, Options } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import type { HashingProfile } from '@shenbao/host';

export type { HashingProfile };

// `Algorithm` is a const enum, which isolatedModules cannot inline; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

const PROFILES: Record<HashingProfile, Options> = {
  recommended: { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 },
  fast: { algorithm: ARGON2ID, memoryCost: 1024, timeCost: 1, parallelism: 1 },
};

export class PasswordHasher {
  private readonly options: Options;
  private dummy?: Promise<string>;

  constructor(profile: HashingProfile = 'recommended') {
    this.options = PROFILES[profile];
  }

  hash(password: string): Promise<string> {
    return hash(password, this.options);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash must not become a 500 at login; it simply does not match.
      return false;
    }
  }

  /** Spends the time of one verification, so an unknown username answers as slowly as a wrong password. */
  async verifyDummy(password: string): Promise<void> {
    this.dummy ??= this.hash(randomBytes(16).toString('base64url'));
    await this.verify(await this.dummy, password);
  }
}
