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

    await store.claim('u1', 'other', fp);
    now += IDEMPOTENCY_TTL_MS + 60_000;
    expect(store.purgeExpired()).toBe(2);
    expect(store.count()).toBe(0);
  });

  it('keeps its rows across reopening the database file', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    const again = new IdempotencyStore(db, () => new Date(now));
    expect(await again.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });
});
