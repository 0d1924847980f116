/**
 * The credential table's behaviour, the same in the embedded profile (SQLite) and in the production profile
 * (PostgreSQL, a schema of its own per test), and on PostgreSQL as two replicas share it.
 */
import Database from 'better-sqlite3';
import { apiTablesInFreshSchema } from '../../../../test/support/api-postgres-tables';
import type { ApiTablesInSchema } from '../../../../test/support/api-postgres-tables';
import { CredentialStore } from './credential.store';
import { credentialsOnPostgres } from './credentials.postgres';

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
