import Database from 'better-sqlite3';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore, STALE_CLAIM_MS } from './idempotency.store';

describe('IdempotencyStore', () => {
  let now: number;
  let db: Database.Database;
  let store: IdempotencyStore;
  const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };
  const response = { status: 201, headers: { etag: '"0"' }, body: { id: 'e1' } };

  beforeEach(() => {
    now = Date.UTC(2019, 2, 1);
    db = new Database(':memory:');
    store = new IdempotencyStore(db, () => new Date(now));
  });
  afterEach(() => db.close());

  it('claims a new key, then replays the stored response', () => {
    expect(store.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
    store.complete('u1', 'k', response);
    expect(store.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });

  it('scopes keys per user', () => {
    store.claim('u1', 'k', fp);
    store.complete('u1', 'k', response);
    expect(store.claim('u2', 'k', fp)).toEqual({ kind: 'claimed' });
  });

  it('reports a different request under the same key', () => {
    store.claim('u1', 'k', fp);
    store.complete('u1', 'k', response);
    expect(store.claim('u1', 'k', { ...fp, bodyHash: 'h2' })).toEqual({ kind: 'mismatch' });
    expect(store.claim('u1', 'k', { ...fp, path: '/api/v1/users' })).toEqual({ kind: 'mismatch' });
  });

  it('reports a request still in flight, and lets an abandoned claim be taken over', () => {
    store.claim('u1', 'k', fp);
    expect(store.claim('u1', 'k', fp)).toEqual({ kind: 'inFlight' });
    now += STALE_CLAIM_MS;
    expect(store.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
  });

  it('frees the key when the request failed', () => {
    store.claim('u1', 'k', fp);
    store.release('u1', 'k');
    expect(store.claim('u1', 'k', { ...fp, bodyHash: 'other' })).toEqual({ kind: 'claimed' });
  });

  it('forgets responses after 24 hours and purges them', () => {
    store.claim('u1', 'k', fp);
    store.complete('u1', 'k', response);
    now += IDEMPOTENCY_TTL_MS - 1;
    expect(store.claim('u1', 'k', fp).kind).toBe('replay');
    now += 1;
    expect(store.claim('u1', 'k', { ...fp, bodyHash: 'new' })).toEqual({ kind: 'claimed' });

    store.claim('u1', 'other', fp);
    now += IDEMPOTENCY_TTL_MS + 60_000;
    expect(store.purgeExpired()).toBe(2);
    expect(store.count()).toBe(0);
  });

  it('keeps its rows across reopening the database file', () => {
    store.claim('u1', 'k', fp);
    store.complete('u1', 'k', response);
    const again = new IdempotencyStore(db, () => new Date(now));
    expect(again.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });
});
