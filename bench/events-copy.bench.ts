/**
 * `npm run events:copy` rate: an embedded installation of BENCH_COPY_EVENTS events (default 100,000: sampleEvent, a
 * few hundred bytes with Chinese text, over 1,000 streams, every tenth stream SM3) is built in a temp DATA_DIR, then
 * copied into a fresh schema of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) with copyEvents,
 * as the command does; the schema and the directory are removed afterwards.
 * Reports the copy (events/s, batches of BENCH_COPY_BATCH, default 2000) and the verification pass separately.
 * Run: npm run bench:events-copy. Prints a table, then a JSON summary as the last line of stdout.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SqliteEventStore } from '@shenbao/event-store';
import type { StreamWrite } from '@shenbao/event-store';
import { copyEvents } from '../apps/api/src/infrastructure/events-copy';
import { sampleEvent } from './sample-event';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const EVENTS = Number(process.env.BENCH_COPY_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_COPY_BATCH ?? 2000);
const STREAMS = 1000;
const SCHEMA = `bench_copy_${process.pid}`;

async function main(): Promise<void> {
  const load = loadavg()[0];
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-bench-copy-'));
  try {
    const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite'), synchronous: 'OFF' });
    for (let i = 0; i < EVENTS; i += 100) {
      // 100 events per append, over 10 streams; streams whose number ends in 0 hash with SM3.
      const writes: StreamWrite[] = Array.from({ length: 10 }, (_, s) => {
        const stream = ((i / 100) * 10 + s) % STREAMS;
        const events = Array.from({ length: 10 }, (__, k) => sampleEvent(i + s * 10 + k));
        return { stream: `s-${stream}`, expectedRevision: 'any', events: stream % 10 === 0 ? events.map((e) => ({ ...e, metadata: { ...e.metadata, hashAlgorithm: 'sm3' as const } })) : events };
      });
      await store.append(writes);
    }
    await store.close();
    const bytes = statSync(join(dir, 'events.sqlite')).size;
    const started = process.hrtime.bigint();
    const report = await copyEvents({ dataDir: dir, databaseUrl: URL, schema: SCHEMA, batchSize: BATCH });
    const total = Number(process.hrtime.bigint() - started) / 1e9;
    const v = report.verification!;
    if (!v.ok) throw new Error(`verification failed: ${v.problems.join('; ')}`);
    const rows = [
      ['events (streams)', `${v.targetCount} (${v.streams})`],
      ['events.sqlite size', `${(bytes / 1e6).toFixed(1)} MB`],
      ['copy: events/s', `${Math.round(report.copied / report.seconds)} (${report.seconds.toFixed(1)} s, batches of ${BATCH})`],
      ['verification (row-by-row compare + every chain recomputed)', `${(total - report.seconds).toFixed(1)} s`],
      ['whole command', `${total.toFixed(1)} s`],
      ['load average (1 min) before / after', `${load.toFixed(1)} / ${loadavg()[0].toFixed(1)}`],
    ];
    for (const [k, value] of rows) console.log(`${k.padEnd(62)} ${value}`);
    console.log(JSON.stringify({ events: v.targetCount, copyPerSec: Math.round(report.copied / report.seconds), copySeconds: report.seconds, totalSeconds: total, load }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const client = new Client({ connectionString: URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await client.end();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
