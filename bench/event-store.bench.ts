/**
 * Event store benchmarks (SQLite adapter) on a temp file in bench/.tmp/ (deleted afterwards):
 *  a) single-event durable commits/s (WAL, synchronous=FULL) beside raw better-sqlite3 inserts of the same rows,
 *     one transaction per insert, same schema and pragmas; target ratio >= 0.5;
 *  b) readAll replay of >= 200,000 events in batches of 1,000; target >= 100,000 events/s;
 *  c) readStream of one 1,000-event stream: median ms over 50 runs.
 * Run: node -r @swc-node/register bench/event-store.bench.ts   (BENCH_COMMITS, BENCH_REPLAY override sizes)
 * Prints a table, then a JSON summary as the last line of stdout.
 */
import { mkdirSync, rmdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '@shenbao/event-store';
import type { NewEvent } from '@shenbao/event-store';
import { sampleEvent } from './sample-event';

const COMMITS = Number(process.env.BENCH_COMMITS ?? 3000);
const REPLAY = Number(process.env.BENCH_REPLAY ?? 200_000);
const STREAM_LENGTH = 1000;
/** Commits per alternating block in (a): small, so adapter and raw see the same disk weather. */
const BLOCK = 20;
const TMP = join(__dirname, '.tmp', `event-store-${process.pid}`);

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

type Row = [string, string, number, string, string, string];
type Append = { stream: string; expectedRevision: number; event: NewEvent };

/** a) the workload: one append per event, each to one of 100 streams with its exact expected revision. */
function commitWorkload(): Append[] {
  const revisions = new Array<number>(100).fill(-1);
  return Array.from({ length: COMMITS }, (_, i) => {
    const s = i % 100;
    revisions[s] += 1;
    return { stream: `case-${s}`, expectedRevision: revisions[s] - 1, event: sampleEvent(i) };
  });
}

/** The rows the adapter stores for the workload (hashes are deterministic), to insert raw. */
async function storedRows(path: string, work: Append[]): Promise<Row[]> {
  const scratch = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  for (const a of work) await scratch.append([{ stream: a.stream, expectedRevision: a.expectedRevision, events: [a.event] }]);
  await scratch.close();
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT id, stream, revision, type, data, metadata FROM events ORDER BY position').raw().all() as Row[];
  db.close();
  return rows;
}

/**
 * Adapter appends and raw inserts (one autocommit transaction each, same schema and pragmas) in alternating blocks
 * of BLOCK, so the disk's latency swings (fsync here ranges from 0.15 to 3 ms) hit both alike. Returns commits/s.
 */
async function commitsSideBySide(dir: string, synchronous: 'FULL' | 'OFF', work: Append[], rows: Row[]) {
  const store = await SqliteEventStore.open({ path: join(dir, `adapter-${synchronous}.db`), synchronous });
  const rawPath = join(dir, `raw-${synchronous}.db`);
  await (await SqliteEventStore.open({ path: rawPath })).close(); // same schema
  const db = new Database(rawPath);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  const insert = db.prepare<Row>('INSERT INTO events (id, stream, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)');
  let adapterMs = 0;
  let rawMs = 0;
  for (let from = 0, block = 0; from < work.length; from += BLOCK, block += 1) {
    const runAdapter = async () => {
      const start = process.hrtime.bigint();
      for (const a of work.slice(from, from + BLOCK)) {
        await store.append([{ stream: a.stream, expectedRevision: a.expectedRevision, events: [a.event] }]);
      }
      adapterMs += ms(start);
    };
    const runRaw = () => {
      const start = process.hrtime.bigint();
      for (const row of rows.slice(from, from + BLOCK)) insert.run(...row);
      rawMs += ms(start);
    };
    if (block % 2 === 0) {
      await runAdapter();
      runRaw();
    } else {
      runRaw();
      await runAdapter();
    }
  }
  await store.close();
  db.close();
  return { adapterPerSec: (work.length / adapterMs) * 1000, rawPerSec: (rows.length / rawMs) * 1000 };
}

/** Fills REPLAY events: streams of STREAM_LENGTH events, written 10 streams x 100 events per append. */
async function fill(path: string): Promise<void> {
  const store = await SqliteEventStore.open({ path, synchronous: 'OFF' });
  const groups = REPLAY / (10 * STREAM_LENGTH);
  for (let j = 0; j < REPLAY / 1000; j += 1) {
    const group = j % groups;
    const round = Math.floor(j / groups);
    const writes = Array.from({ length: 10 }, (_, k) => ({
      stream: `case-${group * 10 + k}`,
      expectedRevision: round * 100 - 1,
      events: Array.from({ length: 100 }, (_, e) => sampleEvent(e)),
    }));
    await store.append(writes);
  }
  await store.close();
}

async function replay(path: string): Promise<{ eventsPerSec: number; events: number }> {
  const store = await SqliteEventStore.open({ path });
  const rates: number[] = [];
  let events = 0;
  for (let run = 0; run < 3; run += 1) {
    let total = 0;
    let checksum = 0;
    const start = process.hrtime.bigint();
    for (let from = 0; ; ) {
      const batch = await store.readAll({ fromPosition: from, limit: 1000 });
      if (batch.length === 0) break;
      for (const e of batch) checksum += (e.data as { total: number }).total;
      total += batch.length;
      from = batch[batch.length - 1].position;
    }
    rates.push((total / ms(start)) * 1000);
    events = total;
    if (checksum !== total * 74) throw new Error('replay read wrong data');
  }
  await store.close();
  return { eventsPerSec: median(rates), events };
}

async function readOneStream(path: string): Promise<number> {
  const store = await SqliteEventStore.open({ path });
  const times: number[] = [];
  for (let run = 0; run < 55; run += 1) {
    const start = process.hrtime.bigint();
    const events = await store.readStream('case-7');
    const elapsed = ms(start);
    if (events.length !== STREAM_LENGTH) throw new Error(`case-7 has ${events.length} events`);
    if (run >= 5) times.push(elapsed); // first runs warm the statement and the page cache
  }
  await store.close();
  return median(times);
}

interface Results {
  commits: { adapterPerSec: number; rawPerSec: number };
  cpuOnly: { adapterPerSec: number; rawPerSec: number };
  replayed: { eventsPerSec: number; events: number };
  streamMs: number;
}

function report({ commits, cpuOnly, replayed, streamMs }: Results): void {
  const ratio = commits.adapterPerSec / commits.rawPerSec;
  const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');
  const rows: [string, number, string, string][] = [
    ['durable commits/s, adapter (1 event per append)', commits.adapterPerSec, '', ''],
    ['durable commits/s, raw insert', commits.rawPerSec, '', ''],
    ['adapter / raw', ratio, '>= 0.5', verdict(ratio >= 0.5)],
    ['commits/s without fsync (synchronous=OFF), adapter', cpuOnly.adapterPerSec, '', ''],
    ['commits/s without fsync (synchronous=OFF), raw', cpuOnly.rawPerSec, '', ''],
    [`readAll replay of ${replayed.events}, events/s`, replayed.eventsPerSec, '>= 100000', verdict(replayed.eventsPerSec >= 100_000)],
    [`readStream of ${STREAM_LENGTH} events, median ms (50 runs)`, streamMs, '', ''],
  ];
  for (const [name, value, target, note] of rows) {
    const shown = value < 100 ? value.toFixed(2) : value.toFixed(0);
    console.log(`${name.padEnd(52)} ${shown.padStart(10)}  ${target.padEnd(10)} ${note}`);
  }
  const summary = {
    bench: 'event-store',
    loadAverage: Number(loadavg()[0].toFixed(2)),
    commits: { events: COMMITS, ...rounded(commits), ratio: Number(ratio.toFixed(3)) },
    commitsWithoutFsync: rounded(cpuOnly),
    replay: { events: replayed.events, batch: 1000, eventsPerSec: Math.round(replayed.eventsPerSec) },
    readStream: { events: STREAM_LENGTH, runs: 50, medianMs: Number(streamMs.toFixed(3)) },
  };
  console.log(JSON.stringify(summary));
}

function rounded(rates: { adapterPerSec: number; rawPerSec: number }) {
  return { adapterPerSec: Math.round(rates.adapterPerSec), rawPerSec: Math.round(rates.rawPerSec) };
}

async function main(): Promise<void> {
  if (REPLAY % (10 * STREAM_LENGTH) !== 0) throw new Error(`BENCH_REPLAY must be a multiple of ${10 * STREAM_LENGTH}`);
  mkdirSync(TMP, { recursive: true });
  try {
    const work = commitWorkload();
    const stored = await storedRows(join(TMP, 'scratch.db'), work);
    const commits = await commitsSideBySide(TMP, 'FULL', work, stored);
    const cpuOnly = await commitsSideBySide(TMP, 'OFF', work, stored);
    const replayPath = join(TMP, 'replay.db');
    await fill(replayPath);
    const replayed = await replay(replayPath);
    const streamMs = await readOneStream(replayPath);
    report({ commits, cpuOnly, replayed, streamMs });
  } finally {
    rmSync(TMP, { recursive: true, force: true });
    try {
      rmdirSync(dirname(TMP)); // bench/.tmp itself, unless another run still uses it
    } catch {
      // not empty: leave it
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
