import { Logger } from '@nestjs/common';
import Fastify from 'fastify';
import { Writable } from 'node:stream';
import type { LogLevel } from '../config/app-config';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { accessLogHook, createRootLogger, flushLogsSync, isLogged, PinoNestLogger, writeAfterLogs } from './logging';

type Line = Record<string, unknown> & { level: number; msg?: string };

function sink(): { stream: Writable; lines: Line[] } {
  const lines: Line[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Line);
      done();
    },
  });
  return { stream, lines };
}

/** pino writes asynchronously to a plain stream; wait until `n` lines are in. */
async function until(check: () => boolean): Promise<void> {
  const limit = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > limit) throw new Error('log line did not arrive');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('isLogged', () => {
  it('orders levels from most severe', () => {
    expect(isLogged('warn', 'warn')).toBe(true);
    expect(isLogged('info', 'warn')).toBe(false);
    expect(isLogged('error', 'info')).toBe(true);
    expect(isLogged('fatal', 'silent')).toBe(false);
  });
});

describe('PinoNestLogger', () => {
  it("writes Nest's call shapes as pino lines with the context", async () => {
    const { stream, lines } = sink();
    const service = new PinoNestLogger(createRootLogger('info', stream));
    const logger = new Logger('Board');
    Logger.overrideLogger(service);
    try {
      logger.log('plain text');
      logger.log({ path: '/admin/queues', queues: ['deadlines'] }, 'mounted');
      logger.warn(new Error('disk slow'));
      logger.error('boom', 'Error: boom\n    at x (y.js:1:1)');
      logger.debug('not at info');
      await until(() => lines.length >= 4);
    } finally {
      Logger.overrideLogger(false);
    }
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ level: 30, context: 'Board', msg: 'plain text' });
    expect(lines[1]).toMatchObject({ level: 30, context: 'Board', msg: 'mounted', path: '/admin/queues', queues: ['deadlines'] });
    expect(lines[2]).toMatchObject({ level: 40, context: 'Board', msg: 'disk slow', err: { message: 'disk slow' } });
    expect(lines[3]).toMatchObject({ level: 50, context: 'Board', msg: 'boom', err: { stack: 'Error: boom\n    at x (y.js:1:1)' } });
  });

  it("writes Nest's start-up lines (modules, routes) at debug, so a start at info stays short", async () => {
    for (const level of ['info', 'debug'] as const) {
      const { stream, lines } = sink();
      const service = new PinoNestLogger(createRootLogger(level, stream));
      service.log('Mapped {/api/v1/cases, GET} route', 'RouterExplorer');
      service.log('CasesModule dependencies initialized', 'InstanceLoader');
      service.log('Read models caught up', 'ReadModels');
      await until(() => lines.length >= (level === 'info' ? 1 : 3));
      const shown = lines.map((l) => [l.level, l.context]);
      if (level === 'info') expect(shown).toEqual([[30, 'ReadModels']]);
      else expect(shown).toEqual([[20, 'RouterExplorer'], [20, 'InstanceLoader'], [30, 'ReadModels']]);
    }
  });

  it('redacts passwords and authorization headers', async () => {
    const { stream, lines } = sink();
    new PinoNestLogger(createRootLogger('info', stream)).log({ password: 'Secret-1', headers: { authorization: 'Bearer t' } }, 'x');
    await until(() => lines.length === 1);
    expect(lines[0]).toMatchObject({ password: '[redacted]', headers: { authorization: '[redacted]' } });
  });
});

describe('accessLogHook', () => {
  async function serve(level: LogLevel) {
    const { stream, lines } = sink();
    const app = Fastify({ genReqId: () => 'corr-1' });
    app.addHook('onResponse', accessLogHook(createRootLogger(level, stream)));
    app.get('/*', async (req, reply) => reply.code(Number(new URL(req.url, 'http://x').searchParams.get('status') ?? 200)).send({}));
    await app.ready();
    const get = async (url: string) => void (await app.inject({ method: 'GET', url }));
    return { app, lines, get };
  }

  it('at warn: no line for a success, one with reqId and status for a 4xx', async () => {
    const { app, lines, get } = await serve('warn');
    try {
      await get('/api/v1/cases?status=200');
      await get('/api/v1/cases?status=404');
      await until(() => lines.length >= 1);
      await get('/api/v1/cases?status=500');
      await until(() => lines.length >= 2);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ level: 40, reqId: 'corr-1', req: { method: 'GET', url: '/api/v1/cases?status=404' }, res: { statusCode: 404 }, responseTime: expect.any(Number) });
      expect(lines[1]).toMatchObject({ level: 50, res: { statusCode: 500 } });
    } finally {
      await app.close();
    }
  });

  it('at info: successes are logged, the probes are not', async () => {
    const { app, lines, get } = await serve('info');
    try {
      await get('/health');
      await get('/metrics');
      await get('/api/v1/cases');
      await until(() => lines.length >= 1);
      expect(lines).toEqual([expect.objectContaining({ level: 30, reqId: 'corr-1', res: { statusCode: 200 } })]);
    } finally {
      await app.close();
    }
  });
});

describe('flushLogsSync', () => {
  it('writes out a line the destination still holds, before the caller goes on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-log-'));
    try {
      const file = join(dir, 'out.log');
      // A destination that holds lines until 4 KB are in, as sonic-boom may hold them.
      const root = createRootLogger('info', pino.destination({ dest: file, minLength: 4096, sync: true }));
      root.info('listening');
      expect(readFileSync(file, 'utf8')).toBe('');
      flushLogsSync(root);
      expect(readFileSync(file, 'utf8')).toContain('"msg":"listening"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeAfterLogs', () => {
  it('writes its text after the lines the destination still holds, through the same destination', () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-log-'));
    try {
      const file = join(dir, 'out.log');
      const root = createRootLogger('info', pino.destination({ dest: file, minLength: 4096, sync: true }));
      root.info('listening');
      writeAfterLogs(root, 'BOX\n');
      flushLogsSync(root);
      const out = readFileSync(file, 'utf8');
      expect(out.indexOf('"msg":"listening"')).toBeGreaterThanOrEqual(0);
      expect(out.indexOf('BOX')).toBeGreaterThan(out.indexOf('"msg":"listening"'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
