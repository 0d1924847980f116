/**
 * The credential table's behaviour, the same in the embedded profile (SQLite) and in the production profile
 * (PostgreSQL, a schema of its own per test) and on record streams (EVENT_STORE=kurrentdb keeps them so in KurrentDB;
 * here in memory), and on PostgreSQL and record streams as two replicas share them.
 */
import Database from 'better-sqlite3';
import { apiTablesInFreshSchema } from '../../../../test/support/api-postgres-tables';
import type { ApiTablesInSchema } from '../../../../test/support/api-postgres-tables';
import { CredentialStore } from './credential.store';
import { MemoryRecordStreams } from '@shenbao/event-store';
import { credentialsOnPostgres } from './credentials.postgres';
import { credentialRecordName, credentialsOnRecords } from './credentials.records';

const clock = () => new Date(Date.UTC(2019, 2, 1));

interface Place {
  make(): CredentialStore;
  close(): Promise<void>;
}

const PLACES: [string, () => Promise<Place>][] = [
  [
    'sqlite',
    async () => {
      const db = new Database(':memory:');
      return { make: () => new CredentialStore(db, clock), close: async () => void db.close() };
    },
  ],
  [
    'postgres',
    async () => {
      const { tables: [tables], close } = await apiTablesInFreshSchema();
      return { make: () => new CredentialStore(credentialsOnPostgres(tables!), clock), close };
    },
  ],
  [
    'record streams',
    async () => {
      const records = new MemoryRecordStreams();
      return { make: () => new CredentialStore(credentialsOnRecords(records), clock), close: () => records.close() };
    },
  ],
];

describe.each(PLACES)('CredentialStore on %s', (_name, place) => {
  let where: Place;
  let store: CredentialStore;
  beforeEach(async () => {
    where = await place();
    store = where.make();
  });
  afterEach(() => where.close());

  it('stores a hash per (user, event) and reads it back; nothing for another event or user', async () => {
    await store.set({ userId: 'u1', eventId: 'e1', passwordHash: 'h1' });
    expect(await store.hashFor('u1', 'e1')).toBe('h1');
    expect(await store.hashFor('u1', 'e2')).toBeUndefined();
    expect(await store.hashFor('u2', 'e1')).toBeUndefined();
  });

  it('replaces the hash of the same event when set again', async () => {
    await store.set({ userId: 'u1', eventId: 'e1', passwordHash: 'h1' });
    await store.set({ userId: 'u1', eventId: 'e1', passwordHash: 'h1b' });
    expect(await store.hashFor('u1', 'e1')).toBe('h1b');
  });

  it('keeps only the row the log names once its event is appended, and only for that user', async () => {
    for (const eventId of ['e1', 'e2', 'e3']) await store.set({ userId: 'u1', eventId, passwordHash: `h-${eventId}` });
    await store.set({ userId: 'u2', eventId: 'e9', passwordHash: 'h-u2' });
    expect(await store.keepOnly('u1', 'e3')).toBe(2);
    expect(await store.hashFor('u1', 'e1')).toBeUndefined();
    expect(await store.hashFor('u1', 'e2')).toBeUndefined();
    expect(await store.hashFor('u1', 'e3')).toBe('h-e3');
    expect(await store.hashFor('u2', 'e9')).toBe('h-u2');
  });

  it('discards the row of an event that was not appended, leaving the one in force', async () => {
    await store.set({ userId: 'u1', eventId: 'e1', passwordHash: 'h1' });
    await store.set({ userId: 'u1', eventId: 'e2', passwordHash: 'h2' });
    await store.discard('u1', 'e2');
    expect(await store.hashFor('u1', 'e2')).toBeUndefined();
    expect(await store.hashFor('u1', 'e1')).toBe('h1');
  });

  it('copies legacy hashes in without ever replacing a row, and counts what it copied', async () => {
    await store.set({ userId: 'u1', eventId: 'e1', passwordHash: 'current' });
    expect(await store.migrateLegacy([])).toBe(0);
    const copied = await store.migrateLegacy([
      { userId: 'u1', eventId: 'e1', passwordHash: 'legacy' },
      { userId: 'u2', eventId: 'e5', passwordHash: 'legacy-u2' },
    ]);
    expect(copied).toBe(1);
    expect(await store.hashFor('u1', 'e1')).toBe('current');
    expect(await store.hashFor('u2', 'e5')).toBe('legacy-u2');
  });

  it('keeps its rows for a store opened again on the same table', async () => {
    await store.set({ userId: 'u1', eventId: 'e1', passwordHash: 'h1' });
    expect(await where.make().hashFor('u1', 'e1')).toBe('h1');
  });
});

describe('CredentialStore on PostgreSQL, shared by two replicas', () => {
  let schema: ApiTablesInSchema;
  let a: CredentialStore;
  let b: CredentialStore;
  beforeAll(async () => {
    schema = await apiTablesInFreshSchema(2);
    [a, b] = schema.tables.map((t) => new CredentialStore(credentialsOnPostgres(t), clock));
  });
  afterAll(() => schema.close());

  it('reads through one replica the password set through the other, and not the one it replaced', async () => {
    await a.set({ userId: 'u1', eventId: 'e1', passwordHash: 'old' });
    await a.set({ userId: 'u1', eventId: 'e2', passwordHash: 'new' });
    await a.keepOnly('u1', 'e2');
    expect(await b.hashFor('u1', 'e2')).toBe('new');
    expect(await b.hashFor('u1', 'e1')).toBeUndefined();
  });
});

describe('CredentialStore on record streams (the KurrentDB layout)', () => {
  it('keeps no version holding a replaced hash, and lets two replicas change one user at once without losing a row', async () => {
    const records = new MemoryRecordStreams();
    const [a, b] = [new CredentialStore(credentialsOnRecords(records), clock), new CredentialStore(credentialsOnRecords(records), clock)];
    await a.set({ userId: 'u1', eventId: 'e1', passwordHash: 'old' });
    await a.set({ userId: 'u1', eventId: 'e2', passwordHash: 'new' });
    expect(await a.keepOnly('u1', 'e2')).toBe(1);
    // Only the last version is kept, and it holds only the hash in force.
    expect(records.versions(credentialRecordName('u1'))).toEqual([{ rows: { e2: { hash: 'new', createdAt: clock().getTime() } } }]);
    expect(JSON.stringify(records.versions(credentialRecordName('u1')))).not.toContain('old');
    expect(await b.hashFor('u1', 'e1')).toBeUndefined();

    // Both replicas write the same user's record at once: one write loses the race, reads again and writes after it.
    await Promise.all([a.set({ userId: 'u1', eventId: 'e3', passwordHash: 'h3' }), b.set({ userId: 'u1', eventId: 'e4', passwordHash: 'h4' })]);
    expect([await a.hashFor('u1', 'e2'), await b.hashFor('u1', 'e3'), await a.hashFor('u1', 'e4')]).toEqual(['new', 'h3', 'h4']);
    // A user id that is no valid stream name still names a valid record.
    await a.set({ userId: 'user with spaces/?', eventId: 'e1', passwordHash: 'h' });
    expect(await b.hashFor('user with spaces/?', 'e1')).toBe('h');
    expect(await b.hashFor('u1', 'constructor')).toBeUndefined();
  });
});
