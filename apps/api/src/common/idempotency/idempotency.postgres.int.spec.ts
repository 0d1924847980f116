/**
 * The idempotency records on PostgreSQL as several API replicas share them: each "replica" here is a pool and a store
 * of its own on one schema (as two processes would be). The behaviour of one store is the shared suite in
 * idempotency.store.spec.ts; this file checks what only several processes can break: a claim is exclusive across
 * them, and what one stored the others replay.
 */
import { apiTablesInFreshSchema } from '../../../../../test/support/api-postgres-tables';
import type { ApiTablesInSchema } from '../../../../../test/support/api-postgres-tables';
import { idempotencyOnPostgres } from './idempotency.postgres';
import { IdempotencyStore, STALE_CLAIM_MS } from './idempotency.store';

describe('IdempotencyStore on PostgreSQL, shared by two replicas', () => {
  let now = Date.UTC(2019, 2, 1);
  const clock = () => new Date(now);
  let schema: ApiTablesInSchema;
  let a: IdempotencyStore;
  let b: IdempotencyStore;
  const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };
  const response = { status: 201, headers: { etag: '"0"' }, body: { id: 'e1' } };

  beforeAll(async () => {
    // Opened at once: the two migrate one schema under the lock, one of them finds nothing left to do.
    schema = await apiTablesInFreshSchema(2);
    [a, b] = schema.tables.map((t) => new IdempotencyStore(idempotencyOnPostgres(t), clock));
  });
  afterAll(() => schema.close());

  it('lets exactly one of many concurrent claims of a new key through, whichever replica they reach', async () => {
    const claims = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).claim('u1', 'race', fp)));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'inFlight')).toHaveLength(23);
  });

  it('replays on one replica the response stored through the other, and reports a different request as a mismatch there', async () => {
    expect(await a.claim('u1', 'k', fp)).toEqual({ kind: 'claimed' });
    expect(await b.claim('u1', 'k', fp)).toEqual({ kind: 'inFlight', claimedAt: now });
    await a.complete('u1', 'k', response);
    expect(await b.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
    expect(await b.claim('u1', 'k', { ...fp, bodyHash: 'h2' })).toEqual({ kind: 'mismatch' });
  });

  it('lets exactly one replica take over an abandoned claim', async () => {
    // Several keys at once, so that a takeover decided without the row lock would show (two replicas both taking over).
    const keys = Array.from({ length: 8 }, (_, i) => `stale-${i}`);
    for (const key of keys) await a.claim('u1', key, fp, 12);
    now += STALE_CLAIM_MS;
    const claims = await Promise.all(keys.flatMap((key) => Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).claim('u1', key, fp, 50))));
    for (const [k, key] of keys.entries()) {
      const ofKey = claims.slice(k * 12, (k + 1) * 12);
      expect([key, ofKey.filter((c) => c.kind === 'claimed')]).toEqual([key, [{ kind: 'claimed', abandoned: { claimedAt: now - STALE_CLAIM_MS, headPosition: 12 } }]]);
      expect(ofKey.filter((c) => c.kind === 'inFlight')).toHaveLength(11);
    }
  });

  it('frees a key released on one replica for a claim on the other', async () => {
    await a.claim('u2', 'freed', fp);
    await a.release('u2', 'freed');
    expect(await b.claim('u2', 'freed', { ...fp, bodyHash: 'other' })).toEqual({ kind: 'claimed' });
  });
});
