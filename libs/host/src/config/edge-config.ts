/**
 * The variables of the HTTP edge (timeouts, connection cap, shutdown drain, rate limit, proxy trust, CORS), parsed
 * here so app-config.ts stays readable; `parseConfig` calls `parseEdgeConfig` and lists them in ENV_VARS.
 */
import { isIP } from 'node:net';
import type { EnvVarName } from './app-config';

export interface HttpLimits {
  /** Time to receive a request's headers (Node `headersTimeout`); 408 and the socket closed after it. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (Node/Fastify `requestTimeout`). */
  requestTimeoutMs: number;
  /** A socket with no bytes in either direction for this long is closed; also the keep-alive idle time. */
  idleTimeoutMs: number;
  /** Open connections per process; more are closed as they arrive (Node `maxConnections`). */
  maxConnections: number;
  /** On SIGTERM/SIGINT, how long in-flight requests may still run before their connections are closed. */
  shutdownDrainMs: number;
}

export interface RateLimits {
  windowMs: number;
  /** Requests per window for a verified user (any address). */
  userMax: number;
  /** Requests per window for one client address without a valid access token. */
  ipMax: number;
}

/**
 * Fastify's `trustProxy`: false, true (every hop: only when nothing but the proxy can reach the process), or the
 * trusted proxies' addresses, CIDR ranges or proxy-addr names. No hop count: Fastify 5 cannot check the immediate
 * peer with one and ignores X-Forwarded-For entirely.
 */
export type TrustProxy = boolean | string[];

export interface EdgeConfig {
  http: HttpLimits;
  rateLimit: RateLimits;
  trustProxy: TrustProxy;
  /** Exact origins allowed by CORS; empty means no CORS headers at all. */
  corsOrigins: string[];
}

export const EDGE_DEFAULTS = {
  http: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, idleTimeoutMs: 65_000, maxConnections: 1024, shutdownDrainMs: 10_000 },
  rateLimit: { windowMs: 60_000, userMax: 1200, ipMax: 300 },
} as const satisfies Pick<EdgeConfig, 'http' | 'rateLimit'>;

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

type Get = (name: EnvVarName) => string | undefined;

export function parseEdgeConfig(get: Get, problems: string[]): EdgeConfig {
  const int = (name: EnvVarName, min: number, max: number, fallback: number): number => {
    const raw = get(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (/^\d+$/.test(raw) && n >= min && n <= max) return n;
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  };
  const d = EDGE_DEFAULTS;
  const http: HttpLimits = {
    headersTimeoutMs: int('HTTP_HEADERS_TIMEOUT_MS', 100, 600_000, d.http.headersTimeoutMs),
    requestTimeoutMs: int('HTTP_REQUEST_TIMEOUT_MS', 100, 3_600_000, d.http.requestTimeoutMs),
    idleTimeoutMs: int('HTTP_IDLE_TIMEOUT_MS', 100, 3_600_000, d.http.idleTimeoutMs),
    maxConnections: int('HTTP_MAX_CONNECTIONS', 1, 1_000_000, d.http.maxConnections),
    shutdownDrainMs: int('SHUTDOWN_DRAIN_MS', 0, 600_000, d.http.shutdownDrainMs),
  };
  // Node refuses a headers timeout longer than the request timeout (the request one would never be reached).
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    problems.push(`HTTP_HEADERS_TIMEOUT_MS (${http.headersTimeoutMs}) may not exceed HTTP_REQUEST_TIMEOUT_MS (${http.requestTimeoutMs})`);
  }
  const rateLimit: RateLimits = {
    windowMs: int('RATE_LIMIT_WINDOW_MS', 1000, 86_400_000, d.rateLimit.windowMs),
    userMax: int('RATE_LIMIT_USER_MAX', 1, 10_000_000, d.rateLimit.userMax),
    ipMax: int('RATE_LIMIT_IP_MAX', 1, 10_000_000, d.rateLimit.ipMax),
  };
  return { http, rateLimit, trustProxy: parseTrustProxy(get('TRUST_PROXY'), problems), corsOrigins: parseOrigins(get('CORS_ORIGINS'), problems) };
}

function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  const entries = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const bad = entries.filter((e) => !isProxyEntry(e));
  if (entries.length === 0 || bad.length > 0) {
    problems.push(`TRUST_PROXY must be false, true, or a comma-separated list of proxy addresses, CIDR ranges or ${PROXY_NAMES.join('/')} (got "${raw}")`);
    return false;
  }
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

function parseOrigins(raw: string | undefined, problems: string[]): string[] {
  if (raw === undefined) return [];
  const origins = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    // An origin is scheme://host[:port] exactly, as the browser sends it: no path, no trailing slash, no wildcard.
    if (url === undefined || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin) {
      problems.push(`CORS_ORIGINS must list exact origins such as https://console.example.gov.cn, comma-separated (got "${origin}")`);
    }
  }
  return origins;
}
