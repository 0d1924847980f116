/**
 * PostgreSQL event store benchmarks, on a fresh schema (dropped afterwards) of DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres:
 *  a) one writer, one append after another (one event, 100 streams, exact expected revisions): appends/s, p50/p99,
 *     beside raw single-row INSERT commits of the same rows (the server's commit rate: the floor under any append);
 *  b) 8 concurrent writers through one store: appends/s, and how many appends each transaction carried (group commit);
 *  c) 8 concurrent writers through 8 stores (8 pools): appends/s, serialised by the position counter's row lock alone;
 *  d) follower lag, commit → seen: a writer appends one event every 5 ms; a follower on another store (its own
 *     connections, as another replica would be) records when each event arrives; lag = arrival − the append's
 *     acknowledgement. Once following by LISTEN/NOTIFY, once by polling only (100 ms, the fallback).
 * Run: npm run bench:event-store:pg   (BENCH_PG_APPENDS, BENCH_PG_LAG override sizes)
 * Prints a table, then a JSON summary as the last line of stdout.
 */
import { loadavg } from 'node:os';
import { Client } from 'pg';
import { PostgresEventStore } from '@shenbao/event-store';
import type { StoredEvent } from '@shenbao/event-store';
import { sampleEvent } from './sample-event';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const APPENDS = Number(process.env.BENCH_PG_APPENDS ?? 2000);
const LAG_APPENDS = Number(process.env.BENCH_PG_LAG ?? 1000);
const WRITERS = 8;
const SCHEMA = `bench_pg_${process.pid}`;

const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sql<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: URL });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** `writers` loops, each on its own streams, appending `total / writers` single-event appends back to back. */
async function appendLoops(stores: PostgresEventStore[], writers: number, total: number, prefix: string): Promise<{ perSec: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = now();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const store = stores[w % stores.length];
      const revisions = new Map<string, number>();
      for (let i = 0; i < total / writers; i += 1) {
        const stream = `${prefix}-${w}-${i % Math.max(1, Math.floor(100 / writers))}`;
        const t = now();
        await store.append([{ stream, expectedRevision: revisions.get(stream) ?? 'no_stream', events: [sampleEvent(i)] }]);
        latencies.push(now() - t);
        revisions.set(stream, (revisions.get(stream) ?? -1) + 1);
      }
    }),
  );
  return { perSec: (total / (now() - started)) * 1000, latencies };
}

/** Raw autocommit INSERTs of `count` rows shaped like the store's, into a scratch table of the same columns. */
async function rawInserts(count: number): Promise<number> {
  const client = new Client({ connectionString: URL });
  await client.connect();
  try {
    await client.query(`CREATE TABLE ${SCHEMA}.raw (LIKE ${SCHEMA}.events INCLUDING ALL)`);
    const data = JSON.stringify(sampleEvent(0).data);
    const metadata = JSON.stringify({ ...sampleEvent(0).metadata, hash: 'f'.repeat(64), prevHash: '0'.repeat(64) });
    const started = now();
    for (let i = 1; i <= count; i += 1) {
      await client.query({
        name: 'raw-insert',
        text: `INSERT INTO ${SCHEMA}.raw (position, id, stream, revision, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        values: [i, `raw-${i}`, `case-${i % 100}`, Math.floor(i / 100), 'ExpertScoreSubmitted', data, metadata],
      });
    }
    return (count / (now() - started)) * 1000;
  } finally {
    await client.end();
  }
}

/** Appends LAG_APPENDS events, one per 5 ms, and measures when a follower on another store sees each. */
async function followerLag(writer: PostgresEventStore, follow: 'notify' | 'poll', count: number): Promise<number[]> {
  const follower = await PostgresEventStore.open({ connectionString: URL, schema: SCHEMA, follow, pollIntervalMs: 100 });
  const from = await writer.headPosition();
  const acknowledged = new Map<number, number>();
  const seen = new Map<number, number>();
  const subscription = follower.subscribeAll(from);
  const following = (async () => {
    for await (const event of subscription as AsyncIterable<StoredEvent>) {
      seen.set(event.position, now());
      if (seen.size === count) break;
    }
  })();
  if (follow === 'notify') while (!follower.listening) await sleep(5);
  for (let i = 0; i < count; i += 1) {
    const result = await writer.append([{ stream: `lag-${follow}-${i % 10}`, expectedRevision: 'any', events: [sampleEvent(i)] }]);
    acknowledged.set(result.position, now());
    await sleep(5);
  }
  await following;
  await follower.close();
  return [...acknowledged].map(([position, at]) => (seen.get(position) as number) - at);
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  const store = await PostgresEventStore.open({ connectionString: URL, schema: SCHEMA });
  const rows: [string, string][] = [];
  const summary: Record<string, number | string> = { database: URL.replace(/\/\/[^@]*@/, '//'), appends: APPENDS, loadAverageBefore: Number(load.toFixed(2)) };
  try {
    const [version] = await sql<{ server_version: string }>('SHOW server_version');
    summary.server = version.server_version;

    const single = await appendLoops([store], 1, APPENDS, 'one');
    const raw = await rawInserts(APPENDS);
    rows.push(
      ['a) 1 writer: appends/s (one event each)', single.perSec.toFixed(0)],
      ['   its latency p50 / p99 (ms)', `${quantile(single.latencies, 0.5).toFixed(2)} / ${quantile(single.latencies, 0.99).toFixed(2)}`],
      ['   raw autocommit INSERTs of the same shape/s', raw.toFixed(0)],
      ['   adapter / raw', (single.perSec / raw).toFixed(2)],
    );
    Object.assign(summary, { singlePerSec: Math.round(single.perSec), singleP50Ms: quantile(single.latencies, 0.5), singleP99Ms: quantile(single.latencies, 0.99), rawPerSec: Math.round(raw) });

    const before = await store.headPosition();
    const grouped = await appendLoops([store], WRITERS, APPENDS, 'grouped');
    const [{ transactions }] = await sql<{ transactions: string }>(`SELECT count(DISTINCT xmin::text) AS transactions FROM ${SCHEMA}.events WHERE position > $1`, [before]);
    rows.push(
      [`b) ${WRITERS} writers, one store: appends/s`, grouped.perSec.toFixed(0)],
      ['   latency p50 / p99 (ms)', `${quantile(grouped.latencies, 0.5).toFixed(2)} / ${quantile(grouped.latencies, 0.99).toFixed(2)}`],
      ['   appends per transaction (group commit)', (APPENDS / Number(transactions)).toFixed(1)],
    );
    Object.assign(summary, { groupedPerSec: Math.round(grouped.perSec), groupedP99Ms: quantile(grouped.latencies, 0.99), appendsPerTransaction: APPENDS / Number(transactions) });

    const stores = await Promise.all(Array.from({ length: WRITERS }, () => PostgresEventStore.open({ connectionString: URL, schema: SCHEMA, poolSize: 1 })));
    const separate = await appendLoops(stores, WRITERS, APPENDS, 'separate');
    await Promise.all(stores.map((s) => s.close()));
    rows.push(
      [`c) ${WRITERS} writers, ${WRITERS} stores: appends/s`, separate.perSec.toFixed(0)],
      ['   latency p50 / p99 (ms)', `${quantile(separate.latencies, 0.5).toFixed(2)} / ${quantile(separate.latencies, 0.99).toFixed(2)}`],
    );
    Object.assign(summary, { separatePerSec: Math.round(separate.perSec), separateP99Ms: quantile(separate.latencies, 0.99) });

    const notifyLag = await followerLag(store, 'notify', LAG_APPENDS);
    const pollLag = await followerLag(store, 'poll', Math.min(LAG_APPENDS, 300));
    rows.push(
      [`d) follower lag, LISTEN/NOTIFY, p50 / p99 (ms, ${notifyLag.length} events)`, `${quantile(notifyLag, 0.5).toFixed(2)} / ${quantile(notifyLag, 0.99).toFixed(2)}`],
      [`   follower lag, polling every 100 ms, p50 / p99 (ms, ${pollLag.length} events)`, `${quantile(pollLag, 0.5).toFixed(2)} / ${quantile(pollLag, 0.99).toFixed(2)}`],
    );
    Object.assign(summary, {
      lagNotifyP50Ms: quantile(notifyLag, 0.5),
      lagNotifyP99Ms: quantile(notifyLag, 0.99),
      lagPollP50Ms: quantile(pollLag, 0.5),
      lagPollP99Ms: quantile(pollLag, 0.99),
    });
  } finally {
    await store.close();
    await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
  }
  summary.loadAverageAfter = Number(loadavg()[0].toFixed(2));
  console.log(`PostgreSQL ${summary.server} at ${summary.database}; load average ${summary.loadAverageBefore} before, ${summary.loadAverageAfter} after`);
  for (const [name, value] of rows) console.log(`${name.padEnd(66)} ${value}`);
  console.log(JSON.stringify(summary));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
