/**
 * The general rate limit (API.md's 429) with @fastify/rate-limit: a fixed window per verified user, or per client
 * address for requests without a valid access token. With REDIS_URL the counters live in Redis under
 * `<REDIS_PREFIX>:rate-limit:`, shared by every API process; without it, in the process.
 *
 * The user key comes from a token whose signature and expiry were checked (the guard's cache, so no second
 * verification): an unverified JWT's `sub` is whatever the client wrote, and keying on it would let anyone spend
 * another user's budget or mint a fresh budget per request. An invalid token counts against the address instead.
 *
 * /health and /metrics are not limited: load balancers and Prometheus poll them from a few addresses, and a 429
 * there reads as "instance down" and gets a healthy process restarted; both are cheap reads, and the connection
 * cap and timeouts still bound them.
 *
 * The web console's files (GET or HEAD of any path outside /api/ and /admin/: index.html, its hashed assets, the
 * routes the SPA fallback answers) are not limited either: they are static, cached by the browser, and requested
 * without a token before sign-in; counted against the address, one office behind one NAT address loading the
 * console's chunks would spend the budget that protects sign-in and the API.
 *
 * If Redis fails, requests go through (skipOnError): the limit protects capacity, and refusing every request
 * because its counter store is down would be the outage it is meant to prevent.
 */
import fastifyRateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import IORedis from 'ioredis';
import type { Redis } from 'ioredis';
import { DomainError } from '@shenbao/domain';
import { AccessTokens, bearerToken } from '../../auth/access-tokens';
import type { RateLimits } from '@shenbao/host';
import type { HttpRequest } from './http.types';

const UNLIMITED_PATHS = new Set(['/health', '/metrics']);
const UNLIMITED = 'unlimited';

/** A request for the console's static files (see the file comment). */
const isConsoleFile = (method: string, path: string): boolean =>
  (method === 'GET' || method === 'HEAD') && !path.startsWith('/api/') && path !== '/api' && !path.startsWith('/admin/');

export interface RateLimitStore {
  redisUrl?: string;
  /** Namespace of the Redis keys; the app's REDIS_PREFIX. */
  redisPrefix: string;
}

export async function registerRateLimit(app: NestFastifyApplication, limits: RateLimits, store: RateLimitStore): Promise<void> {
  const tokens = app.get(AccessTokens);
  const redis = store.redisUrl === undefined ? undefined : new IORedis(store.redisUrl, { connectTimeout: 1000, maxRetriesPerRequest: 1, enableOfflineQueue: false });
  // skipOnError reports the failure per request; without a listener ioredis would also print every reconnect.
  redis?.on('error', () => undefined);
  // Without an offline queue a request made before the connection is up is let through uncounted: wait for it at
  // start, briefly, so a reachable Redis counts from the first request and an unreachable one does not stop the boot.
  if (redis) await connected(redis, 1000);
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: limits.windowMs,
    max: (_req, key) => (key.startsWith('u:') ? limits.userMax : limits.ipMax),
    keyGenerator: async (req) => {
      const path = req.url.split('?', 1)[0] ?? '';
      if (UNLIMITED_PATHS.has(path.replace(/\/$/, '')) || isConsoleFile(req.method, path)) return UNLIMITED;
      const token = bearerToken(req);
      const claims = token === undefined ? undefined : (tokens.cached(token) ?? (await tokens.verify(token)));
      return claims ? `u:${claims.sub}` : `ip:${(req as HttpRequest).ip}`;
    },
    allowList: (_req, key) => key === UNLIMITED,
    skipOnError: true,
    // The X-RateLimit-* headers only on a 429 (with Retry-After): three fewer headers on every other response.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    ...(redis ? { redis, nameSpace: `${store.redisPrefix}:rate-limit:` } : {}),
    errorResponseBuilder: (_req, ctx) =>
      new DomainError('TOO_MANY_REQUESTS', `Rate limit of ${ctx.max} requests per ${Math.round(limits.windowMs / 1000)} s reached; try again in ${Math.ceil(ctx.ttl / 1000)} s.`, {
        retryAfterSeconds: Math.ceil(ctx.ttl / 1000),
        limit: ctx.max,
        windowSeconds: Math.round(limits.windowMs / 1000),
      }),
  });
  if (redis) {
    app.getHttpAdapter().getInstance().addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
}

function connected(redis: Redis, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
