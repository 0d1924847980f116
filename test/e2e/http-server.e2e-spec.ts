/**
 * The listening server against slow and many clients, over raw sockets (common/http/server-limits.ts): a request
 * whose headers or body dribble in is answered 408 and cut at the request/headers timeout even though bytes keep
 * arriving (so the idle timeout never fires), and connections past HTTP_MAX_CONNECTIONS are closed at once.
 */
import type { AddressInfo } from 'node:net';
import { RawConnection, requestHead } from './support/raw-http';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';
import { until } from './support/until';

async function listen(t: TestApp): Promise<number> {
  await t.app.listen(0, '127.0.0.1');
  return (t.app.getHttpServer().address() as AddressInfo).port;
}

/** Writes one byte of `text` every `everyMs` until it is all sent or the socket closes; resolves with the bytes sent. */
function dribble(c: RawConnection, text: string, everyMs: number): Promise<number> {
  let sent = 0;
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!c.open || sent === text.length) {
        clearInterval(timer);
        resolve(sent);
        return;
      }
      c.write(text[sent]!);
      sent += 1;
    }, everyMs);
  });
}

describe('HTTP server limits (e2e, listening)', () => {
  describe('timeouts', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await bootTestApp({ HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1500', HTTP_IDLE_TIMEOUT_MS: '60000' });
      port = await listen(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('cuts off slow-body clients with 408 although they keep sending', async () => {
      const body = JSON.stringify({ username: 'admin', password: 'x'.repeat(200) });
      const clients = await Promise.all(Array.from({ length: 20 }, () => RawConnection.open(port)));
      const sent = await Promise.all(
        clients.map(async (c) => {
          c.write(requestHead('POST', '/api/v1/auth/login', body.length) + body.slice(0, body.length / 2));
          return dribble(c, body.slice(body.length / 2), 50);
        }),
      );
      for (const [i, c] of clients.entries()) {
        expect(c.open).toBe(false);
        expect(sent[i]).toBeLessThan(body.length / 2);
        expect((await c.response()).status).toBe(408);
      }
      // The server still serves.
      const fresh = await RawConnection.open(port);
      fresh.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      expect((await fresh.response()).status).toBe(200);
      fresh.close();
    });

    it('cuts off a client whose headers dribble in', async () => {
      const c = await RawConnection.open(port);
      const sent = await dribble(c, `GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'p'.repeat(400)}\r\n\r\n`, 20);
      expect(c.open).toBe(false);
      expect(sent).toBeLessThan(400);
    });
  });

  describe('connection cap', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await bootTestApp({ HTTP_MAX_CONNECTIONS: '3' });
      port = await listen(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('closes connections past HTTP_MAX_CONNECTIONS at once, and takes new ones when some close', async () => {
      const held = await Promise.all([1, 2, 3].map(() => RawConnection.open(port)));
      const extra = await RawConnection.open(port);
      extra.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      await expect(extra.response()).rejects.toThrow('closed before a response');
      for (const c of held) expect(c.open).toBe(true);

      held[0]!.close();
      const served = await until('a connection slot to free up', async () => {
        const c = await RawConnection.open(port);
        c.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
        const res = await c.response().catch(() => undefined);
        c.close();
        return res;
      });
      expect(served.status).toBe(200);
      for (const c of held) c.close();
    });
  });
});
