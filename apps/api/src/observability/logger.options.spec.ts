import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pinoHttp from 'pino-http';
import type { Options } from 'pino-http';
import type { AppConfig, LogLevel } from '../config/app-config';
import { isLogged, loggerOptions } from './logger.options';

type Line = Record<string, unknown> & { level: number; msg?: string };

/** The access line is written on the response's `finish`, which may come after the client has the answer. */
async function until(check: () => boolean): Promise<void> {
  const limit = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > limit) throw new Error('log line did not arrive');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A server running the API's pino-http settings; each handler logs one app line through `req.log`. */
async function serve(logLevel: LogLevel): Promise<{ server: Server; lines: Line[]; get: (path: string, status: number) => Promise<void> }> {
  const lines: Line[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  const options = loggerOptions({ logLevel } as AppConfig).pinoHttp as Options;
  const middleware = pinoHttp(options, sink);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.id = 'corr-1';
    middleware(req, res, () => {
      req.log.warn('app line');
      res.statusCode = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const get = async (path: string, status: number): Promise<void> => {
    await fetch(`http://127.0.0.1:${port}${path}?status=${status}`, { headers: { authorization: 'Bearer secret-token' } });
  };
  return { server, lines, get };
}

describe('loggerOptions', () => {
  it('orders levels from most severe', () => {
    expect(isLogged('warn', 'warn')).toBe(true);
    expect(isLogged('info', 'warn')).toBe(false);
    expect(isLogged('error', 'info')).toBe(true);
    expect(isLogged('fatal', 'silent')).toBe(false);
  });

  it('at warn: no access line for a success, a redacted one with reqId for a 4xx, reqId on app lines', async () => {
    const { server, lines, get } = await serve('warn');
    try {
      await get('/api/v1/cases', 200);
      await get('/api/v1/cases', 404);
      // Lines arrive in request order: once the 404's is here, a line for the 200 would be too.
      await until(() => lines.some((l) => (l.res as { statusCode?: number } | undefined)?.statusCode === 404));
      const access = lines.filter((l) => l.msg !== 'app line');
      expect(access).toHaveLength(1);
      expect(access[0]).toMatchObject({ level: 40, reqId: 'corr-1', req: { method: 'GET', headers: { authorization: '[redacted]' } }, res: { statusCode: 404 } });
      const app = lines.filter((l) => l.msg === 'app line');
      expect(app).toHaveLength(2);
      for (const l of app) {
        expect(l.reqId).toBe('corr-1');
        expect(l.req).toBeUndefined();
      }
    } finally {
      server.close();
    }
  });

  it('at info: successes are logged, probes are not', async () => {
    const { server, lines, get } = await serve('info');
    try {
      await get('/api/v1/cases', 200);
      await get('/health', 200);
      await until(() => lines.filter((l) => l.msg === 'app line').length === 2 && lines.length >= 3);
      const access = lines.filter((l) => l.msg !== 'app line');
      expect(access).toEqual([expect.objectContaining({ level: 30, reqId: 'corr-1', res: expect.objectContaining({ statusCode: 200 }) })]);
    } finally {
      server.close();
    }
  });
});
