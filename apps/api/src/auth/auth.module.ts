/**
 * Sign-in and access control: login, JWT (HS256, 8 h), the global auth guard, password hashing, and the user
 * directory the guard reads (provided here so the guard and the user slices share one instance).
 */
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import type { AppConfig, Clock } from '@shenbao/host';
import { APP_CONFIG, CLOCK, HASHING_PROFILE } from '@shenbao/host';
import { InMemoryUserDirectory, USER_DIRECTORY } from '../users/user-directory';
import { AccessTokens, ACCESS_TOKEN_TTL_SECONDS } from './access-tokens';
import { AuthGuard } from './auth.guard';
import { CredentialMigration } from './credential-migration';
import { LoginController } from './login/login.controller';
import { LoginService } from './login/login.service';
import { LoginThrottle } from './login-throttle';
import { LOGIN_LIMITER, MemoryLoginLimiter, RedisLoginLimiter } from './login-limiter';
import { PasswordHasher } from './password-hasher';
import type { HashingProfile } from './password-hasher';


@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to parse it as a PEM public
        // key on every verify, which cost more CPU than anything else on an authenticated request.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL_SECONDS },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [LoginController],
  providers: [
    { provide: USER_DIRECTORY, useClass: InMemoryUserDirectory },
    { provide: PasswordHasher, useFactory: (profile: HashingProfile) => new PasswordHasher(profile), inject: [HASHING_PROFILE] },
    {
      // In Redis with REDIS_URL (shared by every API replica), else in the process (login-limiter.ts).
      provide: LOGIN_LIMITER,
      useFactory: (config: AppConfig, clock: Clock) =>
        config.redisUrl !== undefined
          ? new RedisLoginLimiter({ url: config.redisUrl, prefix: config.redisPrefix ?? 'shenbao', now: () => clock().getTime() })
          : new MemoryLoginLimiter(new LoginThrottle(() => clock().getTime())),
      inject: [APP_CONFIG, CLOCK],
    },
    LoginService,
    AccessTokens,
    CredentialMigration,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [USER_DIRECTORY, PasswordHasher, AccessTokens, LOGIN_LIMITER],
})
export class AuthModule {}
