/**
 * What one slow or greedy client may hold of a process: timeouts for headers, the whole request and silence, and
 * a cap on open connections. Fastify's defaults have no request or connection timeout, so a client that sent half
 * a body kept its socket (and a slot of the event loop's bookkeeping) forever.
 */
import type { Server, ServerOptions as NodeServerOptions } from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { HttpLimits, TrustProxy } from '@shenbao/host';

type ServerOptions = Pick<FastifyServerOptions, 'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout' | 'trustProxy'> & { http: NodeServerOptions };

export function serverOptions(limits: HttpLimits, trustProxy: TrustProxy): ServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.idleTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // Node checks the header and request timeouts on this interval (30 s by default), so a timeout of 10 s
      // could let a slow client stay 40 s; a tenth of the headers timeout keeps the overshoot small.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 10))),
    },
    // The client address (req.ip) for the login throttle, the rate limit and the access log.
    trustProxy,
  };
}

/** Connections past the cap are closed as soon as they are accepted (Node's `maxConnections`). */
export function capConnections(server: Server, limits: HttpLimits): void {
  server.maxConnections = limits.maxConnections;
}
