/**
 * The PostgreSQL event store: the one contract suite, then what is particular to a server store — hashes byte-identical
 * with SQLite's, migrations under a lock, appends from several connections at once, LISTEN/NOTIFY with polling as the
 * fallback. Needs PostgreSQL: test/postgres-global-setup.cjs finds or starts one; without one these tests fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeOneByte, newEvent, range, take } from '../contract.fixtures';
import { EventStoreError, WrongExpectedRevisionError } from '../errors';
import { describeEventStoreContract } from '../event-store.contract';
import type { NewEvent, StoredEvent } from '../port';
import { SqliteEventStore } from '../sqlite.event-store';
import { PostgresEventStore } from './postgres.event-store';
import type { PostgresEventStoreOptions } from './postgres.event-store';
import { dropSchema, freshSchema, testDatabaseUrl, withClient } from './postgres.fixtures';

describeEventStoreContract('postgres', async (options) => {
  const url = testDatabaseUrl();
  const schema = freshSchema();
  const open = () => PostgresEventStore.open({ connectionString: url, schema, upcasters: options?.upcasters });
  return {
    store: await open(),
    reopen: open,
    tamper: (stream, revision) =>
      withClient(url, async (c) => {
        const where = 'WHERE stream = $1 AND revision = $2';
        const { rows } = await c.query<{ data: string }>(`SELECT data FROM ${schema}.events ${where}`, [stream, revision]);
        await c.query(`UPDATE ${schema}.events SET data = $3 ${where}`, [stream, revision, changeOneByte(rows[0].data)]);
      }),
    cleanup: () => dropSchema(url, schema),
  };
});

describe('PostgresEventStore', () => {
  let url: string;
  let schema: string;
  const opened: PostgresEventStore[] = [];
  const open = async (options: Partial<PostgresEventStoreOptions> = {}) => {
    const store = await PostgresEventStore.open({ connectionString: url, schema, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(() => {
    url = testDatabaseUrl();
    schema = freshSchema();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await dropSchema(url, schema);
  });

  it('gives the same events the same bytes and hashes as the SQLite store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-pg-sqlite-'));
    const sqlite = await SqliteEventStore.open({ path: join(dir, 'events.db') });
    const postgres = await open();
    const sm3 = (e: NewEvent): NewEvent => ({ ...e, metadata: { ...e.metadata, hashAlgorithm: 'sm3' } });
    const form = { 项目名称: '政务数据共享平台', 金额: 1.5e6, 比例: 0.125, tags: ['a', { z: 1, a: [null, true] }], empty: {}, text: 'line\n"quoted" \u2028' };
    const appends = [
      [{ stream: 'case-1', expectedRevision: 'no_stream' as const, events: [newEvent(form), newEvent({ b: 2, a: 1 })] }],
      [
        { stream: 'case-1', expectedRevision: 1, events: [newEvent({ n: -0.000001 })] },
        { stream: 'program-1', expectedRevision: 'no_stream' as const, events: [sm3(newEvent({ slot: 1 })), newEvent()] },
      ],
      [{ stream: 'program-1', expectedRevision: 1, events: [newEvent({ big: 12345678901234, unicode: '\ud83d\ude00' })] }],
    ];
    try {
      for (const writes of appends) expect(await postgres.append(writes)).toEqual(await sqlite.append(writes));
      const stored = async (store: SqliteEventStore | PostgresEventStore) => store.readAll({ fromPosition: 0, limit: 100 });
      const [fromSqlite, fromPostgres] = [await stored(sqlite), await stored(postgres)];
      expect(fromPostgres).toHaveLength(6);
      expect(fromPostgres).toEqual(fromSqlite);
      expect(fromPostgres.map((e) => e.metadata.hash)).toEqual(fromSqlite.map((e) => e.metadata.hash));
      // The stored text itself, byte for byte.
      const pgText = await withClient(url, (c) => c.query<{ data: string; metadata: string }>(`SELECT data, metadata FROM ${schema}.events ORDER BY position`));
      const sqliteText = sqlite.readConnection().prepare('SELECT data, metadata FROM events ORDER BY position').all();
      expect(pgText.rows).toEqual(sqliteText);
      expect(await postgres.verify('program-1')).toEqual({ ok: true, checked: 3 });
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports stored rows as they are only when they continue the log: position, revision, prevHash, new id', async () => {
    const source = await open({ schema: freshSchema() });
    const target = await open();
    try {
      await source.append([{ stream: 'a', expectedRevision: 'no_stream', events: [newEvent({ n: 1 }), newEvent({ n: 2 })] }]);
      await source.append([{ stream: 'b', expectedRevision: 'no_stream', events: [newEvent({ n: 3 })] }, { stream: 'a', expectedRevision: 1, events: [newEvent()] }]);
      const rows = await source.readStored(0, 10);
      expect(rows.map((r) => [r.position, r.stream, r.revision])).toEqual([[1, 'a', 0], [2, 'a', 1], [3, 'b', 0], [4, 'a', 2]]);
      const refused = async (batch: typeof rows, rule: string) => {
        await expect(target.importStored(batch)).rejects.toThrow(rule);
        expect(await target.headPosition()).toBe(1);
      };
      expect(await target.importStored(rows.slice(0, 1))).toBe(1);
      await refused([rows[2]], 'cannot import the event at position 3 (stream b, revision 0): its position must be 2, the log\'s next');
      await refused([{ ...rows[1], revision: 2 }], 'position 2 (stream a, revision 2): its revision must be 1, one past the stream\'s head');
      const otherHash = JSON.stringify({ ...JSON.parse(rows[1].metadata), prevHash: 'f'.repeat(64) });
      await refused([{ ...rows[1], metadata: otherHash }], `its prevHash must be the hash of the stream's revision 0 (${JSON.parse(rows[0].metadata).hash})`);
      await refused([{ ...rows[1], id: rows[0].id }], `its id ${rows[0].id} is already stored at position 1`);
      // A good batch after a bad one in the same call: nothing of it is stored.
      await refused([rows[1], { ...rows[2], position: 4 }], 'position 4 (stream b, revision 0): its position must be 3');
      expect(await target.importStored(rows.slice(1))).toBe(4);
      expect(await target.readStored(0, 10)).toEqual(rows);
      expect(await target.verify('a')).toEqual({ ok: true, checked: 3 });
      await expect(target.importStored([])).rejects.toThrow('importStored needs at least one row');
    } finally {
      await dropSchema(url, source.schema);
    }
  });

  it('migrates once when several stores open the same new schema at once, and refuses a schema newer than it knows', async () => {
    await Promise.all(range(1, 4).map(() => open()));
    const versions = await withClient(url, (c) => c.query<{ version: string }>(`SELECT version FROM ${schema}.schema_version ORDER BY version`));
    expect(versions.rows.map((r) => Number(r.version))).toEqual([0, 1, 2]);
    await withClient(url, (c) => c.query(`INSERT INTO ${schema}.schema_version (version, name) VALUES (99, 'future')`));
    await expect(open()).rejects.toThrow(`event store schema ${schema} is at version 99, newer than this build understands (2)`);
  });

  it('refuses bad options and an unreachable server with messages naming them', async () => {
    await expect(open({ schema: 'Bad-Name' })).rejects.toThrow('schema must be a lower-case identifier');
    await expect(open({ schema: 'x'.repeat(41) })).rejects.toThrow('at most 40 characters');
    await expect(open({ connectionString: 'mysql://localhost/x' })).rejects.toThrow('connectionString must be a postgres:// or postgresql:// URL');
    await expect(open({ poolSize: 0 })).rejects.toThrow('poolSize must be an integer >= 1, got 0');
    await expect(open({ follow: 'push' as never })).rejects.toThrow('follow must be notify or poll, got push');
    await expect(open({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' })).rejects.toThrow(
      /^cannot connect to PostgreSQL at 127\.0\.0\.1:1\/postgres: /,
    );
  });

  it('serialises appends from several connections: contiguous revisions, one winner per expected revision, one copy per id', async () => {
    const [a, b] = [await open({ poolSize: 4 }), await open({ poolSize: 4 })];
    await Promise.all(range(1, 40).map((i) => (i % 2 ? a : b).append([{ stream: 'busy', expectedRevision: 'any', events: [newEvent({ i }), newEvent({ i })] }])));
    const busy = await a.readStream('busy');
    expect(busy.map((e) => e.revision)).toEqual(range(0, 79));
    expect(busy.map((e) => e.position)).toEqual(range(1, 80));
    // Eight writers, one expected revision: exactly one is stored, the others are told the actual revision.
    const outcomes = await Promise.allSettled(range(1, 8).map((i) => (i % 2 ? a : b).append([{ stream: 'busy', expectedRevision: 79, events: [newEvent({ i })] }])));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected')) {
      expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(o.reason).toMatchObject({ expected: 79, actual: 80 });
    }
    // The same event sent through both stores at once is stored once; both learn where.
    const event = newEvent();
    const [first, second] = await Promise.all([a, b].map((s) => s.append([{ stream: 'once', expectedRevision: 'any', events: [event] }])));
    expect([first.events[0].duplicate, second.events[0].duplicate].sort()).toEqual([false, true]);
    expect(second.events[0].position).toBe(first.events[0].position);
    expect(await a.readStream('once')).toHaveLength(1);
    expect(await b.headPosition()).toBe(82);
  });

  it('commits the appends of one turn in one transaction, each with its own outcome', async () => {
    const store = await open();
    await store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }]);
    const shared = newEvent();
    const unstorable = newEvent({ amount: 10n as never }); // fails while its append is half chained
    const outcomes = await Promise.allSettled([
      store.append([{ stream: 's', expectedRevision: 0, events: [newEvent()] }]),
      store.append([{ stream: 's', expectedRevision: 0, events: [newEvent()] }]),
      store.append([{ stream: 't', expectedRevision: 'no_stream', events: [newEvent(), unstorable] }]),
      store.append([{ stream: 't', expectedRevision: 'no_stream', events: [shared] }]),
      store.append([{ stream: 'u', expectedRevision: 'any', events: [shared] }]),
      store.append([{ stream: 's', expectedRevision: 1, events: [newEvent()] }]),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.events.map((e) => [e.stream, e.revision, e.position, e.duplicate]) : String(o.reason)))).toEqual([
      [['s', 1, 2, false]],
      'WrongExpectedRevisionError: stream s: expected revision 0, actual 1',
      'EventStoreError: bigint values cannot be stored as JSON',
      [['t', 0, 3, false]],
      [['t', 0, 3, true]],
      [['s', 2, 4, false]],
    ]);
    expect((await store.readAll({ fromPosition: 0, limit: 10 })).map((e) => [e.stream, e.revision])).toEqual([['s', 0], ['s', 1], ['t', 0], ['s', 2]]);
    // One transaction wrote the three rows after the first (PostgreSQL stamps each row with its writer's xid).
    const writers = await withClient(url, (c) => c.query(`SELECT DISTINCT xmin::text FROM ${schema}.events WHERE position > 1`));
    expect(writers.rowCount).toBe(1);
    expect(await store.verify('t')).toEqual({ ok: true, checked: 1 });
    expect(await store.verify('s')).toEqual({ ok: true, checked: 3 });
  });

  it('wakes a subscriber on another store through LISTEN/NOTIFY, without waiting for a poll', async () => {
    const [writer, reader] = [await open(), await open({ safetyPollMs: 60_000, pollIntervalMs: 60_000 })];
    const subscription = reader.subscribeAll(0);
    await waitFor(() => reader.listening);
    const reading = take(subscription, 3, 3000);
    await writer.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
    await writer.append([{ stream: 's', expectedRevision: 1, events: [newEvent()] }]);
    expect((await reading).map((e) => e.position)).toEqual([1, 2, 3]);
  });

  it('follows by polling when LISTEN is off, and when the LISTEN connection is cut (then listens again)', async () => {
    const writer = await open();
    const poller = await open({ follow: 'poll', pollIntervalMs: 20 });
    const polled = take(poller.subscribeAll(0), 2, 3000);
    await writer.append([{ stream: 's', expectedRevision: 'any', events: [newEvent(), newEvent()] }]);
    expect((await polled).map((e) => e.position)).toEqual([1, 2]);

    const reader = await open({ safetyPollMs: 60_000, pollIntervalMs: 20 });
    const seen: StoredEvent[] = [];
    const subscription = reader.subscribeAll(2);
    const following = (async () => {
      for await (const event of subscription) seen.push(event);
    })();
    await waitFor(() => reader.listening);
    const cut = await withClient(url, (c) =>
      c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1`, [`LISTEN shenbao_events_${schema}`]),
    );
    expect(cut.rowCount).toBe(1);
    await waitFor(() => !reader.listening);
    await writer.append([{ stream: 's', expectedRevision: 'any', events: [newEvent()] }]);
    await waitFor(() => seen.length === 1); // read by polling: the safety poll is a minute away
    await waitFor(() => reader.listening);
    await writer.append([{ stream: 's', expectedRevision: 'any', events: [newEvent()] }]);
    await waitFor(() => seen.length === 2);
    expect(seen.map((e) => e.position)).toEqual([3, 4]);
    await subscription.close();
    await following;
  });

  it('fails an append as busy when another writer holds the position lock past lockTimeoutMs, and then goes on', async () => {
    const store = await open({ lockTimeoutMs: 200 });
    await expect(open({ lockTimeoutMs: 0 })).rejects.toThrow('lockTimeoutMs must be an integer >= 1, got 0');
    const outcome = await withClient(url, async (holder) => {
      await holder.query(`BEGIN; SELECT position FROM ${schema}.event_log_head FOR UPDATE`);
      const started = Date.now();
      const append = store.append([{ stream: 's', expectedRevision: 'any', events: [newEvent()] }]);
      // Raced against 3 s, so that an append that waits on regardless fails this test rather than hanging it.
      const waiting = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 3 s'), 3000).unref());
      const settled = await Promise.race([append.then(() => 'stored', (e: Error) => e.message), waiting]);
      await holder.query('ROLLBACK');
      await append.catch(() => undefined);
      return { settled, afterMs: Date.now() - started };
    });
    expect(outcome.settled).toBe('event store is busy: another writer held the position lock longer than 200 ms');
    expect(outcome.afterMs).toBeGreaterThanOrEqual(190);
    await expect(store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }])).resolves.toMatchObject({ position: 1 });
  });

  it('turns a failed statement into an EventStoreError and leaves no lock behind', async () => {
    const store = await open({ poolSize: 1 });
    await withClient(url, (c) => c.query(`ALTER TABLE ${schema}.events ADD CONSTRAINT short_type CHECK (length(type) < 20)`));
    const tooLong = newEvent({}, { type: 'AVeryLongEventTypeName' });
    await expect(store.append([{ stream: 's', expectedRevision: 'any', events: [tooLong] }])).rejects.toThrow(EventStoreError);
    await expect(store.append([{ stream: 's', expectedRevision: 'any', events: [tooLong] }])).rejects.toThrow(/event store append failed on PostgreSQL: .*short_type/);
    // The one connection is usable again and the head did not move.
    await expect(store.append([{ stream: 's', expectedRevision: 'no_stream', events: [newEvent()] }])).resolves.toMatchObject({ position: 1 });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`condition not met within ${timeoutMs} ms: ${condition.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
