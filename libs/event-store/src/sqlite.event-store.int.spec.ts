import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { changeOneByte, newEvent, range, take } from './contract.fixtures';
import { EventStoreError, WrongExpectedRevisionError } from './errors';
import { describeEventStoreContract } from './event-store.contract';
import { canonicalJson } from './hash-chain';
import { SqliteEventStore } from './sqlite.event-store';

function tempFile(): { path: string; remove: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-es-'));
  return { path: join(dir, 'events.db'), remove: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts a child process that takes SQLite's write lock on `path` and holds it until `release()`. */
async function holdWriteLock(path: string): Promise<{ release: () => Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    process.stdout.write('locked\\n');
    process.stdin.once('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script, path], { stdio: ['pipe', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
    child.stdout.once('data', () => resolve());
  });
  child.removeAllListeners('exit');
  return {
    release: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.stdin.write('go\n');
      }),
  };
}

/** Edits a row with a connection of its own, as another process or a person with the file would. */
function editRaw(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    edit(db);
  } finally {
    db.close();
  }
}

for (const writer of ['inline', 'thread'] as const) {
  describeEventStoreContract(`sqlite (writer ${writer})`, async (options) => {
    const file = tempFile();
    const open = () => SqliteEventStore.open({ path: file.path, upcasters: options?.upcasters, writer });
    return {
      store: await open(),
      reopen: open,
      tamper: async (stream, revision) =>
        editRaw(file.path, (db) => {
          const where = 'WHERE stream = ? AND revision = ?';
          const { data } = db.prepare(`SELECT data FROM events ${where}`).get(stream, revision) as { data: string };
          db.prepare(`UPDATE events SET data = ? ${where}`).run(changeOneByte(data), stream, revision);
        }),
      cleanup: file.remove,
    };
  });
}

describe('SqliteEventStore', () => {
  let file: ReturnType<typeof tempFile>;
  const stores: SqliteEventStore[] = [];
  const open = async (options: { busyTimeoutMs?: number } = {}) => {
    const store = await SqliteEventStore.open({ path: file.path, ...options });
    stores.push(store);
    return store;
  };

  beforeEach(() => {
    file = tempFile();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await file.remove();
  });

  it('opens in WAL mode with durable (FULL) commits by default', async () => {
    const store = await open();
    expect(store.settings()).toEqual({ journalMode: 'wal', synchronous: 'FULL' });
    const relaxed = await SqliteEventStore.open({ path: file.path, synchronous: 'NORMAL' });
    stores.push(relaxed);
    expect(relaxed.settings().synchronous).toBe('NORMAL');
    await expect(SqliteEventStore.open({ path: file.path, synchronous: 'EXTRA' as 'FULL' })).rejects.toThrow(EventStoreError);
  });

  it('migrates a file of schema 1 (no type index) and reads by type through the index', async () => {
    const first = await open();
    await first.append([{ stream: 'user-a', expectedRevision: 'any', events: [{ ...newEvent(), type: 'UserRegistered' }] }]);
    await first.close();
    editRaw(file.path, (db) => {
      db.exec('DROP INDEX events_by_type');
      db.pragma('user_version = 1');
    });
    const store = await open();
    expect(await store.readAll({ fromPosition: 0, limit: 10, types: ['UserRegistered'] })).toHaveLength(1);
    editRaw(file.path, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      const plan = db.prepare("EXPLAIN QUERY PLAN SELECT position FROM events WHERE type IN ('a', 'b') AND position > 0 ORDER BY position LIMIT 10").all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(' ')).toContain('events_by_type');
    });
  });

  it('works on :memory:', async () => {
    const store = await SqliteEventStore.open({ path: ':memory:' });
    stores.push(store);
    await store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }]);
    expect(await store.verify('s')).toEqual({ ok: true, checked: 1 });
  });

  it('stores canonical JSON text with the chain in metadata', async () => {
    const store = await open();
    const event = newEvent({ b: 1, a: [2, { d: 3, c: 4 }] });
    await store.append([{ stream: 's', expectedRevision: 'any', events: [event] }]);
    editRaw(file.path, (db) => {
      const row = db.prepare('SELECT * FROM events').get() as Record<string, unknown>;
      expect(row).toMatchObject({ position: 1, id: event.id, stream: 's', revision: 0, type: 'TestHappened' });
      expect(row.data).toBe('{"a":[2,{"c":4,"d":3}],"b":1,"note":"note"}');
      expect(JSON.parse(row.metadata as string)).toMatchObject({ actor: 'u-1', prevHash: '0'.repeat(64) });
      expect(row.metadata).toBe(canonicalJson(JSON.parse(row.metadata as string)));
    });
  });

  describe('group commit', () => {
    /** Frames in the WAL file: every COMMIT writes at least one, so fewer frames than appends means shared commits. */
    const walFrames = (): number => {
      const db = new Database(file.path);
      try {
        return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
      } finally {
        db.close();
      }
    };

    it('commits appends made in the same turn together, in call order, each checked on its own', async () => {
      const store = await open();
      await store.append([{ stream: 'taken', expectedRevision: 'no_stream', events: [newEvent()] }]);
      const before = walFrames();
      const appends = range(0, 19).map((i) => store.append([{ stream: `case-${i}`, expectedRevision: 'no_stream', events: [newEvent({ i })] }]));
      const stale = store.append([{ stream: 'taken', expectedRevision: 'no_stream', events: [newEvent()] }]);
      const bad = store.append([{ stream: '', expectedRevision: 'any', events: [newEvent()] }]);
      const results = await Promise.all(appends);
      await expect(stale).rejects.toThrow(WrongExpectedRevisionError);
      await expect(bad).rejects.toThrow(EventStoreError);
      expect(results.map((r) => r.position)).toEqual(range(2, 21));
      expect(await store.readAll({ fromPosition: 0, limit: 100 })).toHaveLength(21);
      expect(walFrames() - before).toBeLessThan(20);
      expect(await store.verify('taken')).toEqual({ ok: true, checked: 1 });
    });

    it('a conflict inside a group leaves no trace of that append, even for the streams it did not conflict on', async () => {
      const store = await open();
      await store.append([{ stream: 'program', expectedRevision: 'no_stream', events: [newEvent()] }]);
      const [first, second] = [
        store.append([{ stream: 'case-a', expectedRevision: 'no_stream', events: [newEvent()] }, { stream: 'program', expectedRevision: 0, events: [newEvent()] }]),
        store.append([{ stream: 'case-b', expectedRevision: 'no_stream', events: [newEvent()] }, { stream: 'program', expectedRevision: 0, events: [newEvent()] }]),
      ];
      await expect(first).resolves.toMatchObject({ streams: [{ stream: 'case-a', revision: 0 }, { stream: 'program', revision: 1 }] });
      await expect(second).rejects.toMatchObject({ stream: 'program', actual: 1 });
      expect(await store.streamRevision('case-b')).toBe(-1);
      expect(await store.headPosition()).toBe(3);
    });

    it('rejects every append of a group whose commit cannot happen, and stores none', async () => {
      const store = await open({ busyTimeoutMs: 50 });
      const holder = await holdWriteLock(file.path);
      try {
        const group = [0, 1, 2].map((i) => store.append([{ stream: `s-${i}`, expectedRevision: 'any', events: [newEvent()] }]));
        for (const append of group) await expect(append).rejects.toThrow('busy');
      } finally {
        await holder.release();
      }
      expect(await store.headPosition()).toBe(0);
    });

    it('commits appends still queued when the store is closed', async () => {
      const store = await open();
      const pending = store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }]);
      await store.close();
      await expect(pending).resolves.toMatchObject({ position: 1 });
      const reopened = await open();
      expect(await reopened.headPosition()).toBe(1);
    });
  });

  describe('writer thread', () => {
    it('writes beside the event loop: appends from many turns, one chain, one order, readable at once', async () => {
      const store = await SqliteEventStore.open({ path: file.path, writer: 'thread' });
      stores.push(store);
      expect(store.writesIn).toBe('thread');
      const live = take(store.subscribeAll(0), 60);
      for (let round = 0; round < 3; round += 1) {
        const results = await Promise.all(range(0, 19).map((i) => store.append([{ stream: `s-${i % 4}`, expectedRevision: 'any', events: [newEvent({ round, i })] }])));
        expect(results.map((r) => r.position)).toEqual(range(round * 20 + 1, round * 20 + 20));
      }
      expect((await live).map((e) => e.position)).toEqual(range(1, 60));
      expect(await store.verify('s-0')).toEqual({ ok: true, checked: 15 });
      await expect(store.append([{ stream: 's-0', expectedRevision: 3, events: [newEvent()] }])).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', stream: 's-0', actual: 14 });
      await expect(store.append([{ stream: '', expectedRevision: 'any', events: [newEvent()] }])).rejects.toThrow(EventStoreError);
    });

    it('refuses a writer thread on :memory: and an unknown writer mode', async () => {
      await expect(SqliteEventStore.open({ path: ':memory:', writer: 'thread' })).rejects.toThrow('cannot share a :memory:');
      await expect(SqliteEventStore.open({ path: file.path, writer: 'process' as 'thread' })).rejects.toThrow('writer must be inline or thread');
    });

    it('when the thread dies, fails what was pending and what follows, and says so', async () => {
      const store = await SqliteEventStore.open({ path: file.path, writer: 'thread' });
      stores.push(store);
      await store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }]);
      expect(() => store.checkWritable()).not.toThrow();
      const { worker } = (store as unknown as { writer: { worker: { terminate(): Promise<number> } } }).writer;
      await worker.terminate();
      await expect(store.append([{ stream: 's', expectedRevision: 0, events: [newEvent()] }])).rejects.toThrow('writer thread ended');
      expect(() => store.checkWritable()).toThrow('writer thread ended');
      expect(await store.headPosition()).toBe(1);
    });
  });

  describe('the newest events, kept in memory for readers close behind', () => {
    it('hand live and catch-up readers exactly what the file holds, without the appends that failed', async () => {
      const store = await open();
      const live = take(store.subscribeAll(0, { batchSize: 50 }), 1_200);
      for (let round = 0; round < 60; round += 1) {
        const appends = range(0, 19).map((i) =>
          store.append([{ stream: `case-${i}`, expectedRevision: round - 1, events: [newEvent({ round, i })] }]),
        );
        const stale = store.append([{ stream: 'case-0', expectedRevision: round - 1, events: [newEvent({ stale: round })] }]);
        await Promise.all(appends);
        await expect(stale).rejects.toThrow(WrongExpectedRevisionError);
      }
      const fromFile = await SqliteEventStore.open({ path: file.path });
      stores.push(fromFile);
      const everything = await fromFile.readAll({ fromPosition: 0, limit: 2_000 });
      expect(everything).toHaveLength(1_200);
      expect(await live).toEqual(everything);
      // Started after the fact: far behind (the file) for the first events, then close behind (memory).
      expect(await take(store.subscribeAll(0, { batchSize: 300 }), 1_200)).toEqual(everything);
      expect(await store.readAll({ fromPosition: 1_100, limit: 500 })).toEqual(everything.slice(1_100));
    });
  });

  describe('two instances on one file (two processes)', () => {
    it('interleave appends in one order and a subscriber on one sees the other’s events', async () => {
      const [api, worker] = [await open(), await open()];
      const followed = take(api.subscribeAll(0, { batchSize: 20 }), 400);
      await Promise.all(
        [api, worker].map(async (store, n) => {
          for (let i = 0; i < 100; i += 1) {
            await store.append([{ stream: `own-${n}`, expectedRevision: i - 1, events: [newEvent({ i })] }]);
            await store.append([{ stream: 'shared', expectedRevision: 'any', events: [newEvent({ n, i })] }]);
          }
        }),
      );
      const events = await followed;
      expect(events.map((e) => e.position)).toEqual(range(1, 400));
      expect(events.filter((e) => e.stream === 'shared').map((e) => e.revision)).toEqual(range(0, 199));
      expect(await worker.verify('shared')).toEqual({ ok: true, checked: 200 });
      expect(await api.readAll({ fromPosition: 0, limit: 500 })).toEqual(await worker.readAll({ fromPosition: 0, limit: 500 }));
    });

    it('a subscriber idle on one instance picks up commits made only by the other (polling)', async () => {
      const [api, worker] = [await open(), await open()];
      const followed = take(api.subscribeAll(0), 30);
      for (let i = 0; i < 30; i += 1) await worker.append([{ stream: 'w', expectedRevision: 'any', events: [newEvent({ i })] }]);
      expect((await followed).map((e) => e.position)).toEqual(range(1, 30));
    });

    it('a catch-up read on one instance after the other appended sees that append (not only its own newest events)', async () => {
      const [api, worker] = [await open(), await open()];
      await api.append([{ stream: 'a', expectedRevision: 'any', events: [newEvent({ i: 1 })] }]);
      await worker.append([{ stream: 'b', expectedRevision: 'any', events: [newEvent({ i: 2 })] }]);
      expect((await api.readAll({ fromPosition: 0, limit: 100 })).map((e) => e.position)).toEqual([1, 2]);
      await api.append([{ stream: 'a', expectedRevision: 'any', events: [newEvent({ i: 3 })] }]);
      await worker.append([{ stream: 'b', expectedRevision: 'any', events: [newEvent({ i: 4 })] }]);
      expect((await api.readAll({ fromPosition: 2, limit: 100 })).map((e) => e.position)).toEqual([3, 4]);
      expect((await api.readAll({ fromPosition: 2, limit: 1 })).map((e) => e.position)).toEqual([3]);
    });

    it('detects a conflict made by the other instance', async () => {
      const [api, worker] = [await open(), await open()];
      await api.append([{ stream: 'program-1', expectedRevision: 'no_stream', events: [newEvent()] }]);
      const seen = await api.streamRevision('program-1');
      await worker.append([{ stream: 'program-1', expectedRevision: seen, events: [newEvent()] }]);
      const stale = api.append([{ stream: 'program-1', expectedRevision: seen, events: [newEvent()] }]);
      await expect(stale).rejects.toThrow(WrongExpectedRevisionError);
      await expect(stale).rejects.toMatchObject({ actual: 1 });
    });

    it('waits for the other writer’s lock and gives up with EventStoreError after busy_timeout', async () => {
      const store = await open({ busyTimeoutMs: 50 });
      // A real second process holds the write lock (SQLite's locks are per process, as in production).
      const holder = await holdWriteLock(file.path);
      try {
        const blocked = store.append([{ stream: 's', expectedRevision: 'any', events: [newEvent()] }]);
        await expect(blocked).rejects.toThrow('busy');
      } finally {
        await holder.release();
      }
      await expect(store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }])).resolves.toMatchObject({
        position: 1,
      });
    });
  });
});
