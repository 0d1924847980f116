import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@shenbao/event-store';
import type { Clock } from '@shenbao/host';
import { apiTablesInFreshSchema } from '../../../../../test/support/api-postgres-tables';
import { IDEMPOTENCY_OPS_MODULE } from './idempotency.ops';
import { idempotencyOnPostgres } from './idempotency.postgres';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore, STALE_CLAIM_MS } from './idempotency.store';

const newEvent = () => ({ id: `e-${Math.random()}`, type: 'TestHappened', data: {}, metadata: { actor: 'u1', role: 'applicant', at: new Date().toISOString(), correlationId: 'c', causationId: 'c', schemaVersion: 1 } });

/** Where the records live: a store over it (`make`, again for "reopening"), and its disposal. */
interface Place {
  make(clock: Clock): IdempotencyStore;
  close(): Promise<void>;
}

/** The same behaviour on both: SQLite (the embedded profile) and PostgreSQL (EVENT_STORE=postgres, own schema each test). */
const PLACES: [string, () => Promise<Place>][] = [
  [
    'sqlite',
    async () => {
      const db = new Database(':memory:');
      return { make: (clock) => new IdempotencyStore(db, clock), close: async () => void db.close() };
    },
  ],
  [
    'postgres',
    async () => {
      const { tables: [tables], close } = await apiTablesInFreshSchema();
      return { make: (clock) => new IdempotencyStore(idempotencyOnPostgres(tables!), clock), close };
    },
  ],
];

describe.each(PLACES)('IdempotencyStore on %s', (_name, place) => {
  let now: number;
  let where: Place;
  let store: IdempotencyStore;
  const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };
  const response = { status: 201, headers: { etag: '"0"' }, body: { id: 'e1' } };

  beforeEach(async () => {
    now = Date.UTC(2019, 2, 1);
    where = await place();
    store = where.make(() => new Date(now));
  });
  afterEach(() => where.close());

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
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'inFlight', claimedAt: expect.any(Number) });
    now += STALE_CLAIM_MS;
    expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'claimed', abandoned: { claimedAt: now - STALE_CLAIM_MS, headPosition: null } });
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
    expect(await store.purgeExpired()).toBe(2);
    expect(await store.count()).toBe(0);
  });

  it('keeps the log head with a claim and hands it to the one taking an abandoned claim over', async () => {
    await store.claim('u1', 'k', fp, 41);
    now += STALE_CLAIM_MS;
    expect(await store.claim('u1', 'k', fp, 90)).toEqual({ kind: 'claimed', abandoned: { claimedAt: now - STALE_CLAIM_MS, headPosition: 41 } });
  });

  it('keeps its rows across reopening the database file', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    const again = where.make(() => new Date(now));
    expect(await again.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
  });
});

describe('IdempotencyStore on sqlite, a table of an older build', () => {
  const now = Date.UTC(2019, 2, 1);
  const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };

  it('adds the head column to a table of an older build; its claims have no head', async () => {
    const old = new Database(':memory:');
    try {
      old.exec(`CREATE TABLE idempotency_keys (user_id TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
        body_hash TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('pending', 'done')), status INTEGER, headers TEXT, body TEXT,
        created_at INTEGER NOT NULL, PRIMARY KEY (user_id, key)) STRICT`);
      old.prepare("INSERT INTO idempotency_keys VALUES ('u1', 'k', 'POST', '/api/v1/experts', 'h1', 'pending', NULL, NULL, NULL, ?)").run(now - STALE_CLAIM_MS);
      const upgraded = new IdempotencyStore(old, () => new Date(now));
      expect(await upgraded.claim('u1', 'k', fp, 7)).toEqual({ kind: 'claimed', abandoned: { claimedAt: now - STALE_CLAIM_MS, headPosition: null } });
      expect(old.prepare('SELECT head_position FROM idempotency_keys').pluck().get()).toBeNull();
    } finally {
      old.close();
    }
  });

});

describe('IdempotencyStore beside the events (the event store’s shared writes)', () => {
  const fp = { method: 'PUT', path: '/api/v1/cases/c1/application', bodyHash: 'h1' };
  const response = { status: 200, headers: { etag: '"3"' }, body: { caseId: 'c1', revision: 3 } };

  for (const writer of ['inline', 'thread'] as const) {
    it(`claims, stores and replays with the writer ${writer}, in events.sqlite, sharing the appends' commits`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'shenbao-idem-'));
      const path = join(dir, 'events.sqlite');
      const open = () => SqliteEventStore.open({ path, writer, writeOps: [IDEMPOTENCY_OPS_MODULE] });
      let events = await open();
      try {
        const store = new IdempotencyStore(events.readConnection(), () => new Date(), events.sharedWrites());
        const [claim, appended] = await Promise.all([
          store.claim('u1', 'k', fp),
          events.append([{ stream: 'case-c1', expectedRevision: 'no_stream', events: [newEvent()] }]),
        ]);
        expect(claim).toEqual({ kind: 'claimed' });
        expect(appended.position).toBe(1);
        expect(await store.claim('u1', 'k', fp)).toEqual({ kind: 'inFlight', claimedAt: expect.any(Number) });
        await store.complete('u1', 'k', response);
        await events.close();
        events = await open();
        const reopened = new IdempotencyStore(events.readConnection(), () => new Date(), events.sharedWrites());
        expect(await reopened.claim('u1', 'k', fp)).toEqual({ kind: 'replay', response });
        expect(await reopened.claim('u1', 'k', { ...fp, bodyHash: 'h2' })).toEqual({ kind: 'mismatch' });
        expect(await reopened.count()).toBe(1);
      } finally {
        await events.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
