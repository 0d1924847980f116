import type { CallHandler, ExecutionContext } from '@nestjs/common';
import Database from 'better-sqlite3';
import { firstValueFrom, of, throwError } from 'rxjs';
import { DomainError } from '@shenbao/domain';
import { canonicalJson, MemoryEventStore } from '@shenbao/event-store';
import { createHash } from 'node:crypto';
import { IdempotencyInterceptor, NeverStoredForReplay } from './idempotency.interceptor';
import { IdempotencyStore, STALE_CLAIM_MS } from './idempotency.store';

describe('IdempotencyInterceptor', () => {
  let db: Database.Database;
  let now: number;
  let events: MemoryEventStore;
  let store: IdempotencyStore;
  let interceptor: IdempotencyInterceptor;

  beforeEach(() => {
    db = new Database(':memory:');
    now = Date.UTC(2019, 2, 1);
    events = new MemoryEventStore();
    store = new IdempotencyStore(db, () => new Date(now));
    interceptor = new IdempotencyInterceptor(store, events);
  });
  afterEach(() => db.close());

  /** An event as the CommandRunner writes it for a request of `userId` sent with `key`. */
  const appendFor = (userId: string, key: string | undefined, stream = 'case-c1') =>
    events.append([{
      stream,
      expectedRevision: 'any',
      events: [{ id: `e-${Math.random()}`, type: 'ApplicationSaved', data: {}, metadata: { actor: userId, role: 'applicant', at: new Date(now).toISOString(), correlationId: 'c', causationId: 'c', schemaVersion: 1, ...(key !== undefined ? { idempotencyKey: key } : {}) } }],
    }]);

  /** `route`: the controller method the request reaches (its metadata, e.g. NeverStoredForReplay). */
  function call(opts: { key?: string; body?: unknown; user?: string; method?: string; url?: string; route?: () => void }, handler: () => unknown) {
    const headers: Record<string, string> = opts.key !== undefined ? { 'idempotency-key': opts.key } : {};
    const req = { method: opts.method ?? 'POST', url: opts.url ?? '/api/v1/experts', headers, body: opts.body ?? { a: 1 }, user: opts.user === undefined ? { id: 'u1' } : opts.user === '' ? undefined : { id: opts.user } };
    const resHeaders: Record<string, string> = {};
    const res = {
      statusCode: 201,
      header(n: string, v: string) {
        resHeaders[n.toLowerCase()] = v;
        return this;
      },
      getHeader: (n: string) => resHeaders[n.toLowerCase()],
      code(code: number) {
        this.statusCode = code;
        return this;
      },
    };
    const route = opts.route ?? (() => undefined);
    const ctx = { getType: () => 'http', getHandler: () => route, switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ExecutionContext;
    const next: CallHandler = { handle: () => {
      const out = handler();
      return out instanceof Error ? throwError(() => out) : of(out);
    } };
    // async, so that an error thrown while intercepting arrives as a rejection like any other.
    return { run: async () => firstValueFrom(interceptor.intercept(ctx, next)), resHeaders };
  }

  it('runs the handler once and replays its response', async () => {
    const handler = jest.fn(() => ({ id: 'x1' }));
    expect(await call({ key: 'k1' }, handler).run()).toEqual({ id: 'x1' });
    const second = call({ key: 'k1' }, handler);
    expect(await second.run()).toEqual({ id: 'x1' });
    expect(second.resHeaders['idempotent-replayed']).toBe('true');
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('never records a route that holds a secret (NeverStoredForReplay): a repeat runs again', async () => {
    class SecretController {
      @NeverStoredForReplay()
      reset(): void {}
    }
    const handler = jest.fn(() => ({ temporaryPassword: 'x' }));
    const route = SecretController.prototype.reset;
    await call({ key: 'k1', route }, handler).run();
    await call({ key: 'k1', route }, handler).run();
    expect(handler).toHaveBeenCalledTimes(2);
    expect(await store.count()).toBe(0);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const handler = jest.fn(() => ({ id: 'x1' }));
    await call({ key: 'k1', body: { a: 1, b: 2 } }, handler).run();
    await call({ key: 'k1', body: { b: 2, a: 1 } }, handler).run();
    expect(handler).toHaveBeenCalledTimes(1);
  });

  it('refuses the key for another body with idempotency.keyReused', async () => {
    await call({ key: 'k1', body: { a: 1 } }, () => ({ id: 'x1' })).run();
    await expect(call({ key: 'k1', body: { a: 2 } }, () => ({ id: 'x2' })).run()).rejects.toMatchObject({
      code: 'RULE_VIOLATION',
      details: [expect.objectContaining({ rule: 'idempotency.keyReused' })],
    });
  });

  it('does not record a failure, so the request can be retried', async () => {
    await expect(call({ key: 'k1' }, () => new DomainError('CITY_LIMIT_REACHED', 'full')).run()).rejects.toMatchObject({ code: 'CITY_LIMIT_REACHED' });
    expect(await call({ key: 'k1' }, () => ({ id: 'ok' })).run()).toEqual({ id: 'ok' });
  });

  it('passes through requests without a key, reads, and anonymous calls', async () => {
    const handler = jest.fn(() => ({ n: 1 }));
    await call({}, handler).run();
    await call({}, handler).run();
    await call({ key: 'k', method: 'GET' }, handler).run();
    await call({ key: 'k', method: 'GET' }, handler).run();
    await call({ key: 'k', user: '' }, handler).run();
    await call({ key: 'k', user: '' }, handler).run();
    expect(handler).toHaveBeenCalledTimes(6);
  });

  it('rejects a malformed key naming the header', async () => {
    await expect(call({ key: 'has spaces' }, () => 1).run()).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'Idempotency-Key' })],
    });
  });

  describe('a repeat while the first request still holds the key', () => {
    const url = '/api/v1/cases/c1/submit';
    /** The first request claimed the key and is still running (or its server stopped before 60 s passed). */
    async function claimRunning(key: string): Promise<void> {
      const bodyHash = createHash('sha256').update(canonicalJson({ a: 1 })).digest('hex');
      expect(await store.claim('u1', key, { method: 'POST', path: url, bodyHash }, 0)).toEqual({ kind: 'claimed' });
    }

    it('answers 409 saying what to do: same request, same key, when; and the case’s current revision', async () => {
      await appendFor('u2', undefined); // case-c1 at revision 0
      await appendFor('u2', undefined); // …and 1
      await claimRunning('k1');
      now += 20_000;
      const handler = jest.fn(() => ({ id: 'x' }));
      const error = (await call({ key: 'k1', url }, handler).run().catch((e: unknown) => e)) as DomainError;
      expect(error).toBeInstanceOf(DomainError);
      expect(error.code).toBe('REVISION_CONFLICT');
      expect(error.details).toEqual({
        reason: 'requestInProgress',
        idempotencyKey: 'k1',
        inProgressSince: new Date(now - 20_000).toISOString(),
        retryAfterSeconds: 5,
        takeoverAt: new Date(now - 20_000 + STALE_CLAIM_MS).toISOString(),
        currentRevision: 1,
      });
      expect(error.message).toMatch(/Send this same request with the same key again in 5 s/);
      expect(error.message).toMatch(/Do not resend it with a new key/);
      expect(handler).not.toHaveBeenCalled();
    });

    it('shortens the wait to the takeover, and names no revision for a route without one', async () => {
      const bodyHash = createHash('sha256').update(canonicalJson({ a: 1 })).digest('hex');
      await store.claim('u1', 'k2', { method: 'POST', path: '/api/v1/experts', bodyHash }, 0);
      now += STALE_CLAIM_MS - 1500;
      const error = (await call({ key: 'k2' }, () => 1).run().catch((e: unknown) => e)) as DomainError;
      expect(error.details).toMatchObject({ reason: 'requestInProgress', retryAfterSeconds: 2 });
      expect(error.details).not.toHaveProperty('currentRevision');
    });
  });

  describe('a request whose process stopped before its response was kept (an abandoned claim)', () => {
    const fp = { method: 'POST', path: '/api/v1/experts' };

    /** The first request (the default body) claimed the key at the log's head, then its process stopped. */
    async function abandon(key: string): Promise<void> {
      const bodyHash = createHash('sha256').update(canonicalJson({ a: 1 })).digest('hex');
      expect(await store.claim('u1', key, { ...fp, bodyHash }, await events.headPosition())).toEqual({ kind: 'claimed' });
    }

    it('answers 422 idempotency.answerLost when its events are in the log, runs nothing, and says the same on every repeat', async () => {
      await appendFor('u1', 'k1', 'case-other'); // before the claim: not this request's
      await abandon('k1');
      await appendFor('u2', 'k1'); // another user's key of the same name
      await appendFor('u1', 'k1'); // the lost request's event
      now += STALE_CLAIM_MS;
      const handler = jest.fn(() => ({ id: 'again' }));
      const repeat = call({ key: 'k1' }, handler);
      await expect(repeat.run()).rejects.toMatchObject({
        code: 'RULE_VIOLATION',
        details: [expect.objectContaining({ rule: 'idempotency.answerLost', message: expect.stringContaining('case-c1, from position 3') })],
      });
      const again = call({ key: 'k1' }, handler);
      expect(await again.run()).toMatchObject({ statusCode: 422, error: 'RULE_VIOLATION', details: [expect.objectContaining({ rule: 'idempotency.answerLost' })] });
      expect(again.resHeaders['idempotent-replayed']).toBe('true');
      expect(handler).not.toHaveBeenCalled();
      expect(await events.headPosition()).toBe(3);
    });

    it('runs the request again when nothing of it reached the log', async () => {
      await appendFor('u1', 'k1'); // an earlier use of the key, before this claim
      await abandon('k1');
      await appendFor('u1', undefined); // the same user, without a key
      now += STALE_CLAIM_MS - 1;
      await expect(call({ key: 'k1' }, () => ({ id: 'x' })).run()).rejects.toMatchObject({ code: 'REVISION_CONFLICT' });
      now += 1;
      expect(await call({ key: 'k1' }, () => ({ id: 'x' })).run()).toEqual({ id: 'x' });
    });

    it('keeps the first claim’s head when a takeover stops too, so the next one still finds the events', async () => {
      await abandon('k1');
      await appendFor('u1', 'k1'); // the first request's event
      now += STALE_CLAIM_MS;
      // A takeover that finds them answers 422; to test the kept head, take the claim over at the store directly
      // (as a takeover that stopped before looking would have) and check the next repeat still looks far enough back.
      const takeover = await store.claim('u1', 'k1', { ...fp, bodyHash: lastClaimHash(db) }, 99);
      expect(takeover).toMatchObject({ kind: 'claimed', abandoned: { headPosition: 0 } });
      now += STALE_CLAIM_MS;
      await expect(call({ key: 'k1' }, () => ({ id: 'x' })).run()).rejects.toMatchObject({
        details: [expect.objectContaining({ rule: 'idempotency.answerLost' })],
      });
    });
  });
});

function lastClaimHash(db: Database.Database): string {
  return db.prepare<[], string>('SELECT body_hash FROM idempotency_keys').pluck().get() ?? '';
}
