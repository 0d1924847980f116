import Database from 'better-sqlite3';
import type { SqliteGroupCommit } from '@shenbao/event-store';
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

  it('claims a new key, then replays the stored response', async () => {
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
    await store.complete('u1', 'k', response);
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });

  it('scopes keys per user', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    expect(await store.claim('u2', 'k', fp)).toEqual({ kind: 'claimed' });
  });

  it('reports a different request under the same key', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    expect(await store.claim('u1', 'k', { ...fp, bodyHash: 'h2' })).toEqual({ kind: 'mismatch' });
    expect(await store.claim('u1', 'k', { ...fp, path: '/api/v1/users' })).toEqual({ kind: 'mismatch' });
  });

  it('reports a request still in flight, and lets an abandoned claim be taken over', async () => {
    await store.claim('u1', 'k', fp);
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'inFlight' });
    now += STALE_CLAIM_MS;
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
  });

  it('settles claims made in the same turn in call order, as if one after the other', async () => {
    const [first, second, other] = await Promise.all([store.claim('u1', 'k', fp), store.claim('u1', 'k', fp), store.claim('u2', 'k', fp)]);
    expect([first.kind, second.kind, other.kind]).toEqual(['claimed', 'inFlight', 'claimed']);
  });

  it('frees the key when the request failed', async () => {
    await store.claim('u1', 'k', fp);
    await store.release('u1', 'k');
    expect(await store.claim('u1', 'k', { ...fp, bodyHash: 'other' })).toEqual({ kind: 'claimed' });
  });

  it('forgets responses after 24 hours and purges them', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    now += IDEMPOTENCY_TTL_MS - 1;
    expect((await store.claim('u1', 'k', fp)).kind).toBe('replay');
    now += 1;
    expect(await store.claim('u1', 'k', { ...fp, bodyHash: 'new' })).toEqual({ kind: 'claimed' });
    await store.complete('u1', 'k', response);

    await store.claim('u1', 'other', fp);
    await store.complete('u1', 'other', response);
    now += IDEMPOTENCY_TTL_MS + 60_000;
    expect(store.purgeExpired()).toBe(2);
    expect(store.count()).toBe(0);
  });

  it('writes nothing for a claim: only the stored response is a row', async () => {
    await store.claim('u1', 'k', fp);
    expect(store.count()).toBe(0);
    await store.complete('u1', 'k', response);
    expect(store.count()).toBe(1);
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });

  it('lets the key go when its response could not be stored, and stores nothing', async () => {
    const failing = { run: () => Promise.reject(new Error('disk full')) } as unknown as SqliteGroupCommit;
    const broken = new IdempotencyStore(db, () => new Date(now), failing);
    await broken.claim('u1', 'k', fp);
    await expect(broken.complete('u1', 'k', response)).rejects.toThrow('disk full');
    expect(broken.count()).toBe(0);
    expect(await broken.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
  });

  it('refuses to store a response for a key this process did not claim', async () => {
    await expect(store.complete('u1', 'never', response)).rejects.toThrow('not claimed');
    expect(store.count()).toBe(0);
  });

  it('drops the pending claims an older build wrote (never answered), so their keys can be used', async () => {
    db.prepare(`INSERT INTO idempotency_keys (user_id, key, method, path, body_hash, state, created_at)
                VALUES ('u1', 'k', 'POST', '/x', 'h0', 'pending', ?)`).run(now);
    const upgraded = new IdempotencyStore(db, () => new Date(now));
    expect(upgraded.count()).toBe(0);
    expect(await upgraded.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
  });

  it('keeps its rows across reopening the database file', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    const again = new IdempotencyStore(db, () => new Date(now));
    expect(await again.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });
});
