import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newEvent } from './contract.fixtures';
import { MemoryEventStore } from './memory.event-store';
import type { StoredEvent } from './port';
import { MemorySnapshotStore, SqliteSnapshotStore, foldWithSnapshots, type SnapshotStore } from './snapshot-store';
import { PostgresSnapshotStore } from './postgres/postgres-snapshot-store';
import { dropSchema, freshSchema, testDatabaseUrl } from './postgres/postgres.fixtures';

const dirs: string[] = [];
const schemas: string[] = [];
afterAll(async () => {
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  for (const schema of schemas) await dropSchema(testDatabaseUrl(), schema);
});

const adapters: [string, () => SnapshotStore | Promise<SnapshotStore>][] = [
  ['memory', () => new MemorySnapshotStore()],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'shenbao-snap-'));
      dirs.push(dir);
      return SqliteSnapshotStore.open({ path: join(dir, 'snapshots.sqlite') });
    },
  ],
  [
    'postgres',
    () => {
      const schema = freshSchema();
      schemas.push(schema);
      return PostgresSnapshotStore.open({ connectionString: testDatabaseUrl(), schema });
    },
  ],
];

describe.each(adapters)('%s snapshot store', (_name, make) => {
  it('returns a snapshot only for the key that made it', async () => {
    const snapshots = await make();
    await snapshots.save({ stream: 's', key: 'case:v1', revision: 4, state: { n: 5 } });
    await expect(snapshots.load('s', 'case:v1')).resolves.toEqual({ stream: 's', key: 'case:v1', revision: 4, state: { n: 5 } });
    await expect(snapshots.load('s', 'case:v2')).resolves.toBeUndefined();
    await expect(snapshots.load('other', 'case:v1')).resolves.toBeUndefined();
    await expect(snapshots.latest('s')).resolves.toMatchObject({ key: 'case:v1', revision: 4 });
    await expect(snapshots.latest('other')).resolves.toBeUndefined();
    await snapshots.close();
  });

  it('never replaces a newer snapshot by an older one of the same key', async () => {
    const snapshots = await make();
    await snapshots.save({ stream: 's', key: 'k', revision: 9, state: { n: 10 } });
    await snapshots.save({ stream: 's', key: 'k', revision: 3, state: { n: 4 } });
    await expect(snapshots.load('s', 'k')).resolves.toMatchObject({ revision: 9, state: { n: 10 } });
    await snapshots.close();
  });

  it('folds from the snapshot plus the tail to exactly what a full fold gives', async () => {
    const store = new MemoryEventStore();
    const snapshots = await make();
    const evolve = (sum: number[], e: StoredEvent) => [...sum, (e.data as { i: number }).i];
    const append = async (from: number, to: number) => {
      for (let i = from; i < to; i++) await store.append([{ stream: 's', expectedRevision: 'any', events: [newEvent({ i })] }]);
    };
    const fold = () => foldWithSnapshots({ store, snapshots, stream: 's', key: 'k', initialState: [] as number[], evolve, every: 10 });

    await append(0, 25);
    const first = await fold();
    expect(first).toMatchObject({ revision: 24, eventsRead: 25, fromSnapshot: false });
    await append(25, 30);
    const second = await fold();
    expect(second).toMatchObject({ revision: 29, eventsRead: 5, fromSnapshot: true });
    expect(second.state).toEqual(Array.from({ length: 30 }, (_, i) => i));
    await expect(foldWithSnapshots({ store, snapshots, stream: 'none', key: 'k', initialState: [] as number[], evolve })).resolves.toMatchObject({
      revision: -1,
      eventsRead: 0,
      state: [],
    });
    await snapshots.close();
  });
});
