import Database from 'better-sqlite3';
import { MemoryEventStore } from '@shenbao/event-store';
import type { EventStore, ReadAllOptions, StoredEvent } from '@shenbao/event-store';
import { PersistedReadModel } from './persisted-read-model';
import { appendEvent } from '../testing/log-events';

/** Counts the `Counted` events per stream; `failOn` makes the fold throw at a position. */
class Tally extends PersistedReadModel<number> {
  failOn = 0;

  constructor(store: EventStore, db?: Database.Database, version = 1) {
    super(store, db, { name: 'tally', version, types: ['Counted'] });
  }

  protected apply(e: StoredEvent): void {
    if (e.position === this.failOn) throw new Error(`cannot count ${e.position}`);
    this.put(e.stream, (this.rows.get(e.stream) ?? 0) + 1);
  }

  count(stream: string): number {
    return this.rows.get(stream) ?? 0;
  }
}

const append = appendEvent;

/** The events each readAll handed back: what a start costs. */
function countReads(store: EventStore): () => number {
  let read = 0;
  const readAll = store.readAll.bind(store);
  store.readAll = async (o: ReadAllOptions) => {
    const batch = await readAll(o);
    read += batch.length;
    return batch;
  };
  return () => read;
}

describe('PersistedReadModel', () => {
  let store: MemoryEventStore;
  let db: Database.Database;

  beforeEach(() => {
    store = new MemoryEventStore();
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('a start loads its rows and reads only the events after its checkpoint', async () => {
    for (const s of ['a', 'a', 'b']) await append(store, s, 'Counted');
    await new Tally(store, db).catchUp();
    await append(store, 'a', 'Counted');
    const restarted = new Tally(store, db);
    const read = countReads(store);
    await restarted.catchUp();
    expect([restarted.count('a'), restarted.count('b')]).toEqual([3, 1]);
    // The event at the checkpoint (checked to be the same) and the one after it.
    expect(read()).toBe(2);
    expect(restarted.appliedPosition).toBe(4);
  });

  it('sees what another process appended to the same log before the call', async () => {
    const tally = new Tally(store, db);
    await tally.catchUp();
    await append(new MemoryEventStore({ log: store.log }), 'a', 'Counted');
    await tally.catchUp();
    expect(tally.count('a')).toBe(1);
  });

  it('folds again from the beginning when the log does not hold the checkpoint event, or the fold version changed', async () => {
    await append(store, 'a', 'Counted');
    await new Tally(store, db).catchUp();
    const otherLog = new MemoryEventStore();
    await append(otherLog, 'b', 'Counted');
    const onOther = new Tally(otherLog, db);
    await onOther.catchUp();
    expect([onOther.count('a'), onOther.count('b')]).toEqual([0, 1]);
    await append(otherLog, 'b', 'Counted');
    // What the older fold kept is not used by the newer one.
    db.prepare(`UPDATE read_model_rows SET value = '100'`).run();
    const newer = new Tally(otherLog, db, 2);
    await newer.catchUp();
    expect(newer.count('b')).toBe(2);
  });

  it('a batch that fails keeps neither part of it, in memory or on disk, and the next call folds it again', async () => {
    for (const s of ['a', 'a', 'a']) await append(store, s, 'Counted');
    const tally = new Tally(store, db);
    tally.failOn = 3;
    await expect(tally.catchUp()).rejects.toThrow(/cannot count 3/);
    expect(tally.count('a')).toBe(0);
    expect(new Tally(store, db).appliedPosition).toBe(0);
    tally.failOn = 0;
    await tally.catchUp();
    expect(tally.count('a')).toBe(3);
  });

  it('two processes on one database: a batch behind the stored checkpoint is not written, so rows match it', async () => {
    await append(store, 'a', 'Counted');
    let open!: () => void;
    let gate: Promise<void> = Promise.resolve();
    let read!: () => void;
    let hasRead: Promise<void> = Promise.resolve();
    // Process B's reads wait at the gate: it applies what it read after process A wrote more.
    const slow = {
      readAll: async (o: ReadAllOptions) => {
        const events = await store.readAll(o);
        read?.();
        await gate;
        return events;
      },
      headPosition: () => store.headPosition(),
      subscribeAll: store.subscribeAll.bind(store),
    } as unknown as EventStore;
    const b = new Tally(slow, db);
    await b.catchUp();
    await append(store, 'a', 'Counted');
    gate = new Promise((resolve) => (open = resolve));
    hasRead = new Promise((resolve) => (read = resolve));
    const behind = b.catchUp();
    await hasRead;
    await append(store, 'b', 'Counted');
    await new Tally(store, db).catchUp();
    open();
    await behind;
    const restarted = new Tally(store, db);
    await restarted.catchUp();
    expect([restarted.count('a'), restarted.count('b')]).toEqual([2, 1]);
    // B keeps its change and writes it with its next batch that moves the checkpoint forward.
    await append(store, 'c', 'Counted');
    await b.catchUp();
    const again = new Tally(store, db);
    await again.catchUp();
    expect([again.count('a'), again.count('b'), again.count('c')]).toEqual([2, 1, 1]);
  });
});
