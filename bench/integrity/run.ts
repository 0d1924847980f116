/**
 * Integrity benchmark (issue #16): the integrity check's share of a start at INTEGRITY_BENCH_EVENTS events (100,000).
 * Fills a fresh events.sqlite through the event store (case-sized events, on 1,000 streams by default), then times,
 * on the API's IntegrityService with the real SQLite store and app.sqlite (no HTTP):
 *   - the first start (every event verified, the Merkle tree's nodes and the state saved),
 *   - a start with nothing new (incremental: the position and the tree's frontier loaded from app.sqlite; then, in
 *     the background, the stored tree checked against the saved hashes and the last signed tree head) — the target
 *     is ≤ 2 s,
 *   - the memory the running check holds: in a fresh process, V8 heap + external memory after a full GC and RSS,
 *     once the service is started, its tree checked and one sweep done, against the same process before the start,
 *   - a start after 1,000 new events,
 *   - a full background sweep, and one case record's inclusion proofs.
 * Run: npm run bench:integrity. Env: INTEGRITY_BENCH_EVENTS (100000), INTEGRITY_BENCH_RUNS (3), INTEGRITY_BENCH_STREAMS
 * (1000; 25000 for four events per stream, as bench:scale's cases), INTEGRITY_ALGORITHM.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { SqliteEventStore } from '@shenbao/event-store';
import type { NewEvent } from '@shenbao/event-store';
import type { AppConfig } from '@shenbao/host';
import { openAppDatabase, IntegrityGuard, MetricsService } from '@shenbao/commands';
import { IntegrityService } from '../../apps/api/src/integrity/integrity.service';

const EVENTS = Number(process.env.INTEGRITY_BENCH_EVENTS ?? 100_000);
const RUNS = Number(process.env.INTEGRITY_BENCH_RUNS ?? 3);
const ALGORITHM = process.env.INTEGRITY_ALGORITHM === 'sm' ? 'sm' : 'ed25519';
const STREAMS = Number(process.env.INTEGRITY_BENCH_STREAMS ?? 1000);
const T0 = Date.parse('2026-01-05T00:00:00.000Z');

function event(i: number): NewEvent {
  const at = new Date(T0 + i * 60_000).toISOString();
  const data = { note: `申报材料 ${i}`, amount: i % 977, items: [{ name: '项目', value: i }], text: 'x'.repeat(300) };
  return { id: randomUUID(), type: 'BenchNoted', data, metadata: { actor: 'u-1', role: 'applicant', at, correlationId: `c-${i}`, causationId: `c-${i}`, schemaVersion: 1 } };
}

async function append(dataDir: string, from: number, count: number): Promise<void> {
  const store = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  for (let i = from; i < from + count; i += 100) {
    const byStream = new Map<string, NewEvent[]>();
    for (let j = i; j < Math.min(i + 100, from + count); j++) {
      const stream = `bench-${j % STREAMS}`;
      byStream.set(stream, [...(byStream.get(stream) ?? []), event(j)]);
    }
    await store.append([...byStream].map(([stream, events]) => ({ stream, expectedRevision: 'any' as const, events })));
  }
  await store.close();
}

async function start(dataDir: string): Promise<{ ms: number; service: IntegrityService; close: () => Promise<void> }> {
  const began = process.hrtime.bigint();
  const events = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  const db = openAppDatabase(dataDir, 'NORMAL');
  const config = { integrity: { algorithm: ALGORITHM, keyDir: join(dataDir, 'keys'), treeHeadEvents: 1_000_000_000, treeHeadIntervalMs: 3_600_000, sweepIntervalMs: 0 } } as unknown as AppConfig;
  const service = new IntegrityService(events, db, config, () => new Date(), new MetricsService(), new IntegrityGuard());
  await service.onApplicationBootstrap();
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  return {
    ms,
    service,
    close: async () => {
      await service.onModuleDestroy();
      await events.close();
      db.close();
    },
  };
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** V8 heap used + external (Buffers) after a full GC, in MB. */
function liveMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.external) / 2 ** 20;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** In a fresh process (INTEGRITY_BENCH_MEMORY_OF=<data dir>): what a started check holds, printed as one line. */
async function measureMemory(dataDir: string): Promise<void> {
  const before = { live: liveMb(), rss: process.memoryUsage().rss / 2 ** 20 };
  const s = await start(dataDir);
  await s.service.whenTreeChecked();
  await s.service.sweep();
  const live = liveMb() - before.live;
  const rss = process.memoryUsage().rss / 2 ** 20 - before.rss;
  console.log(`V8 heap + external ${live.toFixed(1)} MB, RSS ${rss.toFixed(0)} MB (at ${s.service.verifiedThrough} events)`);
  await s.close();
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-integrity-bench-'));
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}, OpenSSL ${process.versions.openssl}, ${ALGORITHM}`);
    await append(dataDir, 0, EVENTS);
    const first = await start(dataDir);
    // Sign a head so later starts check it too (as a running app would have).
    await first.service.treeHeads.sign(first.service.tree);
    console.log(`first start (all ${EVENTS} events verified): ${fmt(first.ms)}`);
    await first.service.whenTreeChecked();
    let began = process.hrtime.bigint();
    await first.service.sweep();
    console.log(`full sweep of the log: ${fmt(Number(process.hrtime.bigint() - began) / 1e6)}`);
    began = process.hrtime.bigint();
    const tree = first.service.tree;
    for (let r = 0; r < 100; r++) tree.inclusionProof(Math.floor((r * tree.size) / 100), tree.size);
    console.log(`100 inclusion proofs at size ${tree.size}: ${(Number(process.hrtime.bigint() - began) / 1e6).toFixed(1)} ms`);
    await first.close();
    const quiet: number[] = [];
    const treeMs: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const s = await start(dataDir);
      quiet.push(s.ms);
      const began = process.hrtime.bigint();
      await s.service.whenTreeChecked();
      treeMs.push(Number(process.hrtime.bigint() - began) / 1e6);
      await s.close();
    }
    console.log(`start with nothing new (incremental), median of ${RUNS}: ${fmt(median(quiet))} [${quiet.map(fmt).join(', ')}]`);
    console.log(`then, in the background, the stored tree and the last signed head checked: ${fmt(median(treeMs))} [${treeMs.map(fmt).join(', ')}]`);
    const held = execFileSync(process.execPath, ['-r', '@swc-node/register', __filename], { env: { ...process.env, INTEGRITY_BENCH_MEMORY_OF: dataDir }, encoding: 'utf8' });
    console.log(`memory the started check holds (fresh process; after its tree check and a sweep, against before the start): ${held.trim()}`);
    await append(dataDir, EVENTS, 1000);
    const more = await start(dataDir);
    console.log(`start after 1,000 new events: ${fmt(more.ms)}`);
    if (more.service.incidents().length > 0) throw new Error(`unexpected incidents: ${JSON.stringify(more.service.incidents().slice(0, 3))}`);
    await more.close();
    console.log(`heap used + external at the end, after a full GC: ${liveMb().toFixed(0)} MB`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const memoryOf = process.env.INTEGRITY_BENCH_MEMORY_OF;
(memoryOf ? measureMemory(memoryOf) : main()).catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
