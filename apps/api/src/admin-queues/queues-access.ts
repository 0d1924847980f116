/**
 * Who may open bull-board at /admin/queues: admins only. bull-board is a Fastify plugin registered beside Nest's
 * routes, so the global AuthGuard never sees its requests; an `onRequest` hook in its scope applies the same rule.
 *
 * Two ways in, both checked against the user directory on every request (a deactivated admin or a changed role
 * loses access at once, as with the guard):
 * - `Authorization: Bearer <accessToken>` of an admin (API clients, curl, tests);
 * - a browser cannot add that header to a page load, so an admin first calls `POST /api/v1/admin/queues/session`
 *   with the bearer and gets a 15-minute cookie (HttpOnly, SameSite=Strict, Path=/admin/queues). Its token is signed
 *   with a key derived from JWT_SECRET for this purpose only, so it is not an access token anywhere else, and
 *   SameSite=Strict keeps other sites from riding it into bull-board's retry/remove actions.
 */
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHmac, createSecretKey } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import { acceptable } from '../auth/access-tokens';
import type { VerifiedAccessClaims } from '../auth/access-tokens';
import type { AuthUser } from '../auth/auth-user';
import { header } from '../common/http/http.types';
import type { HttpRequest, HttpResponse } from '../common/http/http.types';
import type { AppConfig } from '@shenbao/host';
import { APP_CONFIG } from '@shenbao/host';
import { USER_DIRECTORY } from '../users/user-directory';
import type { UserDirectory, UserRecord } from '../users/user-directory';

export const QUEUES_PATH = '/admin/queues';
export const QUEUES_COOKIE = 'shenbao_queues';
export const QUEUES_SESSION_SECONDS = 15 * 60;
const PURPOSE = 'queues';

interface SessionClaims {
  sub: string;
  purpose: string;
  /** The user's session version when issued: ending the user's sessions ends this one too. */
  sv: number;
}

export type QueuesHook = (req: HttpRequest, reply: HttpResponse) => Promise<HttpResponse | undefined>;

type Verdict = { user: UserRecord } | { status: 401 | 403; message: string };

function cookie(req: HttpRequest, name: string): string | undefined {
  for (const part of (header(req, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** An HS256 signer/verifier (the key as a KeyObject, as in AuthModule: a string key is first tried as PEM on each verify). */
const hs256 = (key: Buffer, expiresIn?: number): JwtService =>
  new JwtService({ secret: createSecretKey(key), signOptions: { algorithm: 'HS256', ...(expiresIn ? { expiresIn } : {}) }, verifyOptions: { algorithms: ['HS256'] } });

@Injectable()
export class QueuesAccess {
  /** Verifies access tokens exactly as the global guard does (AuthModule keeps its JwtService to itself). */
  private readonly access: JwtService;
  private readonly sessions: JwtService;

  constructor(
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.access = hs256(Buffer.from(config.jwtSecret, 'utf8'));
    this.sessions = hs256(createHmac('sha256', config.jwtSecret).update('shenbao:bull-board-session').digest(), QUEUES_SESSION_SECONDS);
  }

  /** Fastify `onRequest` hook for bull-board's routes: lets an active admin through, answers 401 / 403 in the API's error shape otherwise. */
  hook(): QueuesHook {
    return async (req, reply) => {
      const verdict = await this.check(req);
      if ('user' in verdict) return;
      if (verdict.status === 401) void reply.header('WWW-Authenticate', 'Bearer');
      const error = verdict.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      return reply.code(verdict.status).send({ statusCode: verdict.status, error, message: verdict.message });
    };
  }

  /** The cookie value and its expiry for an admin who asked for a bull-board session. */
  async issueSession(user: AuthUser): Promise<{ token: string; expiresAt: string; cookie: string }> {
    const claims: SessionClaims = { sub: user.id, purpose: PURPOSE, sv: this.users.byId(user.id)?.sessionVersion ?? -1 };
    const token = await this.sessions.signAsync(claims);
    const expiresAt = new Date(Date.now() + QUEUES_SESSION_SECONDS * 1000).toISOString();
    return { token, expiresAt, cookie: `${QUEUES_COOKIE}=${token}; Path=${QUEUES_PATH}; Max-Age=${QUEUES_SESSION_SECONDS}; HttpOnly; SameSite=Strict` };
  }

  /** `; Secure` when the request came over TLS (directly, or per the proxy's X-Forwarded-Proto). */
  static secureSuffix(req: HttpRequest): string {
    const tls = (req.socket as TLSSocket).encrypted === true || header(req, 'x-forwarded-proto')?.split(',')[0]?.trim() === 'https';
    return tls ? '; Secure' : '';
  }

  private async check(req: HttpRequest): Promise<Verdict> {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')?.[1];
    const session = cookie(req, QUEUES_COOKIE);
    let userId: string | undefined;
    let sv: number | undefined;
    let tokenId: string | undefined;
    if (bearer !== undefined) {
      const claims = await this.access.verifyAsync<Partial<VerifiedAccessClaims>>(bearer).catch(() => undefined);
      if (acceptable(claims)) ({ sub: userId, sv, jti: tokenId } = claims);
    } else if (session !== undefined) {
      const claims = await this.sessions.verifyAsync<SessionClaims>(session).catch(() => undefined);
      if (claims?.purpose === PURPOSE && typeof claims.sub === 'string') ({ sub: userId, sv } = claims);
    } else {
      return { status: 401, message: `Sign in as an admin: send Authorization: Bearer <accessToken>, or get a cookie from POST /api/v1${QUEUES_PATH}/session.` };
    }
    if (userId === undefined) return { status: 401, message: 'The token is invalid or has expired; sign in again.' };
    let user = this.users.byId(userId);
    if (!user) {
      // Registered through another API process since this one last looked.
      await this.users.catchUp();
      user = this.users.byId(userId);
    }
    if (!user || !user.active) return { status: 401, message: 'This account no longer exists or is deactivated.' };
    if (sv !== user.sessionVersion || (tokenId !== undefined && this.users.isSignedOut(user.id, tokenId))) {
      return { status: 401, message: 'This session has ended; sign in again.' };
    }
    if (user.mustChangePassword) return { status: 403, message: 'Your password was reset: set a new one with POST /api/v1/users/me/password first.' };
    if (user.role !== 'admin') return { status: 403, message: `The job queues are for admins; you are signed in as ${user.role}.` };
    return { user };
  }
}
