/**
 * Checks a username and password and issues an access token. Unknown users and wrong passwords get the same 401
 * after the same argon2 work; repeated failures are slowed down per username and per client address (login-throttle.ts),
 * counted across API replicas when REDIS_URL is set (login-limiter.ts).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '@shenbao/domain';
import { USER_DIRECTORY } from '../../users/user-directory';
import type { UserDirectory } from '../../users/user-directory';
import { AccessTokens } from '../access-tokens';
import { toAuthUser } from '../auth.guard';
import { CredentialStore } from '../credential.store';
import { LOGIN_LIMITER } from '../login-limiter';
import type { LoginLimiter } from '../login-limiter';
import { PasswordHasher } from '../password-hasher';
import type { LoginResponse } from './login.dto';

@Injectable()
export class LoginService {
  constructor(
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly hasher: PasswordHasher,
    @Inject(LOGIN_LIMITER) private readonly throttle: LoginLimiter,
    private readonly tokens: AccessTokens,
    private readonly credentials: CredentialStore,
  ) {}

  async login(username: string, password: string, ip: string): Promise<LoginResponse> {
    const waitMs = await this.throttle.retryAfterMs(username, ip);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new DomainError('TOO_MANY_REQUESTS', `Too many failed sign-ins; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    }
    let user = this.users.byUsername(username);
    if (!user) {
      await this.users.catchUp();
      user = this.users.byUsername(username);
    }
    let ok = false;
    let passwordHash = user?.active ? ((await this.credentials.hashFor(user.id, user.passwordEventId)) ?? user.legacyPasswordHash) : undefined;
    if (user?.active && passwordHash === undefined) {
      // The directory names a password whose row is gone: another API replica changed it since this one last read
      // the log (its row replaced the old one in the shared table). Read on, then look again.
      await this.users.catchUp();
      user = this.users.byUsername(username);
      passwordHash = user?.active ? ((await this.credentials.hashFor(user.id, user.passwordEventId)) ?? user.legacyPasswordHash) : undefined;
    }
    if (passwordHash !== undefined) ok = await this.hasher.verify(passwordHash, password);
    else await this.hasher.verifyDummy(password);
    if (!user || !ok) {
      await this.throttle.recordFailure(username, ip);
      throw new DomainError('UNAUTHENTICATED', 'Wrong username or password.');
    }
    await this.throttle.recordSuccess(username, ip);
    const accessToken = await this.tokens.issue(user);
    return { accessToken, user: { ...toAuthUser(user), displayName: user.displayName, mustChangePassword: user.mustChangePassword } };
  }
}
