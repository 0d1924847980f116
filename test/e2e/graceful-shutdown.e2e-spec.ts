/**
 * Graceful shutdown of a listening app (common/http/http-drain.ts, what main.ts runs on SIGTERM/SIGINT), over raw
 * keep-alive sockets: new connections are refused, a request that arrives on an open connection gets 503 with
 * `Connection: close`, a request in flight finishes with its real answer, nobody sees ECONNRESET, then the app
 * closes; a request stuck past the drain time is cut. Also end to end: `main.ts` in a process of its own, sent
 * SIGTERM while keep-alive clients are busy, exits 0 after answering them all.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Server } from 'node:http';
import { shutDownGracefully } from '../../apps/api/src/common/http/http-drain';
import { RawConnection, requestHead } from './support/raw-http';
import { freePort } from './support/redis-test';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

const HEALTH = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

const ROOT = join(__dirname, '..', '..');

async function listen(t: TestApp): Promise<number> {
  await t.app.listen(0, '127.0.0.1');
  return (t.app.getHttpServer().address() as AddressInfo).port;
}

/** A request whose head and half its body are in: the server answered 100 Continue, so it is running. */
async function requestInFlight(port: number, body: string): Promise<RawConnection> {
  const c = await RawConnection.open(port);
  c.write(requestHead('POST', '/api/v1/auth/login', Buffer.byteLength(body), { Expect: '100-continue' }) + body.slice(0, 10));
  expect((await c.response()).status).toBe(100);
  return c;
}

function refused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve('connected');
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('graceful shutdown (e2e, listening)', () => {
  let t: TestApp | undefined;
  /** The app was shut down by the test: only its DATA_DIR is left to remove. */
  const shutDown = (app: TestApp) => {
    rmSync(app.dataDir, { recursive: true, force: true });
    t = undefined;
  };
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('finishes in-flight requests, answers new ones 503 + Connection: close, resets nobody, then closes', async () => {
    t = await bootTestApp();
    const port = await listen(t);
    const server = t.app.getHttpServer() as Server;
    const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
    const inFlight = await Promise.all([1, 2, 3].map(() => requestInFlight(port, body)));
    const idle = await Promise.all([1, 2].map(() => RawConnection.open(port)));
    for (const c of idle) {
      c.write(HEALTH);
      const res = await c.response();
      expect(res.status).toBe(200);
      expect(res.headers.connection).toBe('keep-alive');
    }

    const stopped = shutDownGracefully(t.app, 10_000);
    await until('the server to stop accepting', () => (server.listening ? undefined : true));
    expect(await refused(port)).toBe('ECONNREFUSED');

    for (const c of idle) {
      c.write(HEALTH);
      const res = await c.response();
      expect(res).toMatchObject({ status: 503, headers: { connection: 'close' } });
      expect(JSON.parse(res.body)).toMatchObject({ statusCode: 503, error: 'SERVICE_UNAVAILABLE' });
      await c.closed;
    }
    for (const c of inFlight) {
      c.write(body.slice(10));
      const res = await c.response();
      expect(res).toMatchObject({ status: 200, headers: { connection: 'close' } });
      expect(JSON.parse(res.body)).toMatchObject({ accessToken: expect.any(String) });
      await c.closed;
    }
    expect(await stopped).toEqual({ drained: true });
    for (const c of [...inFlight, ...idle]) expect(c.errors).toEqual([]);
    shutDown(t);
  });

  it('cuts a request still running when the drain time runs out', async () => {
    t = await bootTestApp({ HTTP_REQUEST_TIMEOUT_MS: '600000' });
    const port = await listen(t);
    const stuck = await requestInFlight(port, JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }));
    expect(await shutDownGracefully(t.app, 200)).toEqual({ drained: false });
    await stuck.closed;
    shutDown(t);
  });

  it('main.ts on SIGTERM: answers every keep-alive client (in flight: its answer; new: 503), no reset, exit 0', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-e2e-sigterm-'));
    const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'warn', RATE_LIMIT_IP_MAX: '100000' };
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      await until('the API process to answer', async () => {
        const c = await RawConnection.open(port).catch(() => undefined);
        if (!c) return undefined;
        c.write(HEALTH);
        const res = await c.response().catch(() => undefined);
        c.close();
        return res?.status === 200 ? true : undefined;
      }, 60_000, 100);
      const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
      const inFlight = await Promise.all(Array.from({ length: 8 }, () => requestInFlight(port, body)));
      const idle = await Promise.all(Array.from({ length: 8 }, () => RawConnection.open(port)));
      for (const c of idle) {
        c.write(HEALTH);
        expect((await c.response()).status).toBe(200);
      }

      child.kill('SIGTERM');
      await until('the process to stop accepting', async () => ((await refused(port)) === 'ECONNREFUSED' ? true : undefined));
      for (const c of idle) {
        c.write(HEALTH);
        expect(await c.response()).toMatchObject({ status: 503, headers: { connection: 'close' } });
      }
      for (const c of inFlight) {
        c.write(body.slice(10));
        expect(await c.response()).toMatchObject({ status: 200, headers: { connection: 'close' } });
      }
      await Promise.all([...idle, ...inFlight].map((c) => c.closed));
      expect(await exited).toBe(0);
      for (const c of [...inFlight, ...idle]) expect(c.errors).toEqual([]);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n--- API stderr ---\n${stderr}`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
