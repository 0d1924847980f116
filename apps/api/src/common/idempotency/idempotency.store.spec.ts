import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRecordStreams, SqliteEventStore } from '@shenbao/event-store';
import type { Clock } from '@shenbao/host';
import { apiTablesInFreshSchema } from '../../../../../test/support/api-postgres-tables';
import { IDEMPOTENCY_OPS_MODULE } from './idempotency.ops';
import { idempotencyOnPostgres } from './idempotency.postgres';
import { idempotencyOnRecords } from './idempotency.records';
import { IDEMPOTENCY_TTL_MS, IdempotencyStore, STALE_CLAIM_MS } from './idempotency.store';

const newEvent = () => ({ id: `e-${Math.random()}`, type: 'TestHappened', data: {}, metadata: { actor: 'u1', role: 'applicant', at: new Date().toISOString(), correlationId: 'c', causationId: 'c', schemaVersion: 1 } });

/** Where the records live: a store over it (`make`, again for "reopening"), and its disposal. */
interface Place {
  make(clock: Clock): IdempotencyStore;
  close(): Promise<void>;
}

/** The tables: SQLite (the embedded profile) and PostgreSQL (EVENT_STORE=postgres, own schema each test). */
const TABLES: [string, () => Promise<Place>][] = [
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

/**
 * The same behaviour on the tables and on record streams (EVENT_STORE=kurrentdb keeps the records so in KurrentDB;
 * here in memory, the same rules: what runs against a real KurrentDB is kurrentdb.record-streams.int.spec.ts).
 */
const PLACES: [string, () => Promise<Place>][] = [
  ...TABLES,
  [
    'record streams',
    async () => {
      let clock: Clock = () => new Date(0);
      const records = new MemoryRecordStreams(() => clock().getTime());
      return {
        make: (c) => {
          clock = c;
          return new IdempotencyStore(idempotencyOnRecords(records), c);
        },
        close: () => records.close(),
      };
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

  it('forgets responses after 24 hours', async () => {
    await store.claim('u1', 'k', fp);
    await store.complete('u1', 'k', response);
    now += IDEMPOTENCY_TTL_MS - 1;
    expect((await store.claim('u1', 'k', fp)).kind).toBe('replay');
    now += 1;
    expect(await store.claim('u1', 'k', { ...fp, bodyHash: 'new' })).toEqual({ kind: 'claimed' });
    // Also long after the record's versions expired (record streams: they are gone, the record still counts on).
    now += 3 * IDEMPOTENCY_TTL_MS;
    expect(await store.claim('u1', 'k', { ...fp, bodyHash: 'newer' })).toEqual({ kind: 'claimed' });
    await store.complete('u1', 'k', response);
    expect(await store.claim('u1', 'k', { ...fp, bodyHash: 'newer' })).toEqual({ kind: 'replay', response });
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

describe.each(TABLES)('IdempotencyStore on %s: the purge', (_name, place) => {
  it('purges the rows older than 24 hours', async () => {
    let now = Date.UTC(2019, 2, 1);
    const where = await place();
    try {
      const store = where.make(() => new Date(now));
      const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };
      await store.claim('u1', 'k', fp);
      await store.complete('u1', 'k', { status: 201, headers: {}, body: null });
      await store.claim('u1', 'other', fp);
      now += IDEMPOTENCY_TTL_MS + 60_000;
      expect(await store.purgeExpired()).toBe(2);
      expect(await store.count()).toBe(0);
    } finally {
      await where.close();
    }
  });
});

describe('IdempotencyStore on record streams: what KurrentDB keeps', () => {
  it('lets exactly one of many concurrent claims of a key through, whichever of two replicas they reach, and one takeover', async () => {
    let now = Date.UTC(2019, 2, 1);
    const records = new MemoryRecordStreams(() => now);
    const [a, b] = [0, 1].map(() => new IdempotencyStore(idempotencyOnRecords(records), () => new Date(now)));
    const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };
    const claims = await Promise.all(Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? a : b).claim('u1', 'race', fp, 5)));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'inFlight')).toHaveLength(23);
    now += STALE_CLAIM_MS;
    const takeovers = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).claim('u1', 'race', fp, 9)));
    expect(takeovers.filter((c) => c.kind === 'claimed')).toEqual([{ kind: 'claimed', abandoned: { claimedAt: now - STALE_CLAIM_MS, headPosition: 5 } }]);
    await b.complete('u1', 'race', { status: 201, headers: {}, body: { id: 'x' } });
    expect(await a.claim('u1', 'race', fp)).toEqual({ kind: 'replay', response: { status: 201, headers: {}, body: { id: 'x' } } });
  });

  it('names a record by a hash of the user and the key, and lets it expire after twice the 24 hours', async () => {
    let now = Date.UTC(2019, 2, 1);
    const records = new MemoryRecordStreams(() => now);
    const store = new IdempotencyStore(idempotencyOnRecords(records), () => new Date(now));
    const fp = { method: 'POST', path: '/api/v1/experts', bodyHash: 'h1' };
    await store.claim('u1', 'a key with spaces/and:colons', fp);
    expect(records.names()).toEqual([expect.stringMatching(/^idem-[0-9a-f]{40}$/)]);
    expect(await store.purgeExpired()).toBe(0);
    now += 2 * IDEMPOTENCY_TTL_MS - 1;
    expect(await records.last(records.names()[0])).toBeDefined();
    now += 1;
    expect(await records.last(records.names()[0])).toBeUndefined();
    await expect(store.count()).rejects.toThrow('cannot be counted');
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
