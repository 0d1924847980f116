/**
 * Graceful shutdown of the HTTP side. On SIGTERM Nest alone would run the stores' shutdown hooks while requests
 * are still in flight and then destroy every socket, busy or idle, so keep-alive clients saw ECONNRESET. Instead:
 * stop accepting connections, answer any request that arrives on an open connection with 503 and
 * `Connection: close`, let the requests already running finish (their answers also close the connection), then
 * close the idle connections and hand over to `app.close()`. A bounded drain time cuts a stuck request.
 */
import type { INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { ErrorBody } from '../errors/error-body';

const DRAINS = new WeakMap<INestApplication, HttpDrain>();

export class HttpDrain {
  private draining = false;
  /** Responses of the requests running now (a set rather than a count: the drain marks them `Connection: close`). */
  private readonly inFlight = new Set<ServerResponse>();
  private onIdle: (() => void) | undefined;

  private constructor() {}

  /** Adds the hook; it runs before the routes' own hooks (rate limit) and guards, so a draining process does no work for new requests. */
  static install(app: INestApplication, fastify: FastifyInstance): HttpDrain {
    const drain = new HttpDrain();
    DRAINS.set(app, drain);
    fastify.addHook('onRequest', (req, reply, done) => {
      if (drain.draining) {
        const body: ErrorBody = { statusCode: 503, error: 'SERVICE_UNAVAILABLE', message: 'The server is shutting down; send the request again on a new connection.' };
        void reply.code(503).header('Connection', 'close').header('Retry-After', '1').send(body);
        return;
      }
      const res = reply.raw;
      drain.inFlight.add(res);
      res.once('close', () => drain.finished(res));
      done();
    });
    return drain;
  }

  /** Resolves once every in-flight request has finished (true), or after `timeoutMs` (false). */
  async drain(server: Server, timeoutMs: number): Promise<boolean> {
    this.draining = true;
    // net.Server#close stops accepting and leaves open connections alone; http.Server#close would also close the
    // idle keep-alive ones at once, and a client that had just written a request on one would get ECONNRESET.
    if (server.listening) NetServer.prototype.close.call(server);
    // Requests already running answer as usual, but the client must not send another on that connection.
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const finished = await this.requestsDone(timeoutMs);
    server.closeIdleConnections();
    if (!finished) server.closeAllConnections();
    return finished;
  }

  private requestsDone(timeoutMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.onIdle = undefined;
        resolve(false);
      }, timeoutMs);
      this.onIdle = () => {
        clearTimeout(timer);
        resolve(true);
      };
    });
  }

  private finished(res: ServerResponse): void {
    this.inFlight.delete(res);
    if (this.inFlight.size === 0 && this.onIdle) {
      const resolve = this.onIdle;
      this.onIdle = undefined;
      resolve();
    }
  }
}

/** Drains the HTTP side (see above) for at most `drainMs`, then closes the app (stores flushed and closed). */
export async function shutDownGracefully(app: INestApplication, drainMs: number): Promise<{ drained: boolean }> {
  const drain = DRAINS.get(app);
  const drained = drain ? await drain.drain(app.getHttpServer() as Server, drainMs) : true;
  await app.close();
  return { drained };
}
