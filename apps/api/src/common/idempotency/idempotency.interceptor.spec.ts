import type { CallHandler, ExecutionContext } from '@nestjs/common';
import Database from 'better-sqlite3';
import { firstValueFrom, of, throwError } from 'rxjs';
import { DomainError } from '@shenbao/domain';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';

describe('IdempotencyInterceptor', () => {
  let db: Database.Database;
  let interceptor: IdempotencyInterceptor;

  beforeEach(() => {
    db = new Database(':memory:');
    interceptor = new IdempotencyInterceptor(new IdempotencyStore(db, () => new Date()));
  });
  afterEach(() => db.close());

  function call(opts: { key?: string; body?: unknown; user?: string; method?: string }, handler: () => unknown) {
    const headers: Record<string, string> = opts.key !== undefined ? { 'idempotency-key': opts.key } : {};
    const req = { method: opts.method ?? 'POST', url: '/api/v1/experts', headers, body: opts.body ?? { a: 1 }, user: opts.user === undefined ? { id: 'u1' } : opts.user === '' ? undefined : { id: opts.user } };
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
    const ctx = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ExecutionContext;
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
});
