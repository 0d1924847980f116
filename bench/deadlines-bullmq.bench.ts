/**
 * BullMQ deadline adapter benchmarks, on the Redis at REDIS_URL (default 127.0.0.1:6379), under a key prefix of
 * their own that is deleted afterwards (SCAN + UNLINK; nothing else in Redis is touched):
 *  a) ~100,000 pending deadlines scheduled from a replay: BENCH_CASES (33,334) cases of gd-bdpz-2019 sitting in
 *     cityAudit (CaseCreated + CaseSubmitted, 3 deadlines each: due + 2 reminders) in a MemoryEventStore, fed
 *     (a1) through DeadlineConsumer.catchUp (the live path: one schedule call per event),
 *     (a2) through resyncDeadlines (clear + replay + one bulk schedule), and
 *     (a3) as the same deadlines synthesized with planDeadlines and scheduled in bulk (no replay);
 *     plus (a0) the replay into a scheduler that only counts, to show what the consumer itself costs.
 *     Rate = deadlines / wall time; memory = INFO used_memory after − before, per pending deadline.
 *  b) 1,000 deadlines due at the same whole second, fired by 1 or 2 DeadlineWorkers (concurrency 50 each):
 *     lateness = handler start − dueAt, p50 / p99 / max; every effect (an event with an id derived from the deadline
 *     id, appended to a MemoryEventStore) checked to be applied exactly once. BENCH_HANDLER_MS adds simulated
 *     command latency to a further run (default 5 ms).
 * Run: npm run bench:deadlines  (node -r @swc-node/register bench/deadlines-bullmq.bench.ts). Last line: JSON.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import IORedis, { type Redis } from 'ioredis';
import { MemoryEventStore, type NewEvent } from '@shenbao/event-store';
import {
  BullmqDeadlineScheduler,
  DeadlineConsumer,
  DeadlineWorker,
  deleteKeys,
  planDeadlines,
  resyncDeadlines,
  type CheckpointStore,
  type Deadline,
  type DeadlineScheduler,
} from '@shenbao/scheduling';
import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CASES = Number(process.env.BENCH_CASES ?? 33_334);
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const HANDLER_MS = Number(process.env.BENCH_HANDLER_MS ?? 5);
const PREFIX = `bench-${process.pid}-${randomBytes(3).toString('hex')}`;
/** Before every entry's reminders: all deadlines are in the future, so all stay pending (delayed). */
const FAKE_NOW = new Date('2019-03-01T00:00:00.000Z');

const resolveDefinition = (key: string, version: number): WorkflowDefinition => {
  if (key === GD_BDPZ_2019.key && version === GD_BDPZ_2019.version) return GD_BDPZ_2019;
  throw new Error(`unknown workflow ${key}@${version}`);
};

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function newEvent(n: number, type: string, data: unknown, at: string): NewEvent {
  return { id: uuid(n), type, data, metadata: { actor: 'u-bench', role: 'applicant', at, correlationId: `c${n}`, causationId: `c${n}`, schemaVersion: 1 } };
}

/** CASES cases, each created on a weekday of early April 2019 and submitted an hour later: all in cityAudit. */
async function buildLog(store: MemoryEventStore): Promise<void> {
  let n = 0;
  const PER_APPEND = 500;
  for (let start = 0; start < CASES; start += PER_APPEND) {
    const writes = [];
    for (let i = start; i < Math.min(CASES, start + PER_APPEND); i++) {
      const day = 1 + (i % 4); // Mon 04-01 … Thu 04-04
      const created = new Date(Date.UTC(2019, 3, day, 1, 0, 0) + (i % 3600) * 1000);
      const submitted = new Date(created.getTime() + 3600_000);
      const caseId = `b${i}`;
      writes.push({
        stream: `case-${caseId}`,
        expectedRevision: 'no_stream' as const,
        events: [
          newEvent(++n, 'CaseCreated', {
            caseId,
            programId: 'p1',
            workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
            applicant: { cityCode: '440100', districtCode: '440106', unitName: '天河区人民政府', level: 'district' },
            partners: [],
            cities: ['440100'],
            createdBy: 'u-bench',
          }, created.toISOString()),
          newEvent(++n, 'CaseSubmitted', { cities: ['440100'] }, submitted.toISOString()),
        ],
      });
    }
    await store.append(writes);
  }
}

function memoryCheckpoints(): CheckpointStore {
  let position = 0;
  return { load: async () => position, save: async (p) => void (position = p) };
}

class CountingScheduler implements DeadlineScheduler {
  count = 0;
  async schedule(deadlines: Deadline[]): Promise<void> {
    this.count += deadlines.length;
  }
  async cancelEntry(): Promise<void> {}
  async pending(): Promise<Deadline[]> {
    return [];
  }
  async provisionalPending(): Promise<{ count: number }> {
    return { count: 0 };
  }
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface ScheduleRun {
  name: string;
  deadlines: number;
  seconds: number;
  perSecond: number;
  memoryBytes?: number;
  bytesPerDeadline?: number;
}

async function scheduling(redis: Redis): Promise<ScheduleRun[]> {
  const store = new MemoryEventStore();
  await buildLog(store);
  const runs: ScheduleRun[] = [];

  const counting = new CountingScheduler();
  let t0 = process.hrtime.bigint();
  await new DeadlineConsumer({ store, scheduler: counting, checkpoints: memoryCheckpoints(), resolveDefinition }).catchUp();
  const s0 = seconds(t0);
  runs.push({ name: 'a0 replay → counting scheduler (consumer cost only)', deadlines: counting.count, seconds: s0, perSecond: counting.count / s0 });

  const scheduler = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix: PREFIX, now: () => FAKE_NOW });
  const measure = async (name: string, run: () => Promise<unknown>): Promise<void> => {
    await deleteKeys(redis, `${PREFIX}:*`);
    const before = await usedMemory(redis);
    const t = process.hrtime.bigint();
    await run();
    const s = seconds(t);
    const { delayed } = await scheduler.counts();
    const bytes = (await usedMemory(redis)) - before;
    runs.push({ name, deadlines: delayed, seconds: s, perSecond: delayed / s, memoryBytes: bytes, bytesPerDeadline: bytes / delayed });
  };

  await measure('a1 replay via DeadlineConsumer.catchUp → BullMQ', () =>
    new DeadlineConsumer({ store, scheduler, checkpoints: scheduler.checkpointStore('deadlines'), resolveDefinition }).catchUp(),
  );
  await measure('a2 resyncDeadlines (clear + replay + bulk) → BullMQ', () =>
    resyncDeadlines({ store, scheduler, resolveDefinition, checkpoints: scheduler.checkpointStore('deadlines'), now: () => FAKE_NOW }),
  );
  await measure('a3 planDeadlines synthesized → BullMQ bulk (no replay)', async () => {
    const all: Deadline[] = [];
    for (let i = 0; i < CASES; i++) {
      const day = 1 + (i % 4);
      const submitted = new Date(Date.UTC(2019, 3, day, 2, 0, 0) + (i % 3600) * 1000);
      all.push(...planDeadlines(GD_BDPZ_2019, `b${i}`, 'cityAudit', 2, submitted));
    }
    await scheduler.schedule(all);
  });
  await scheduler.close();
  await store.close();
  await deleteKeys(redis, `${PREFIX}:*`);
  return runs;
}

interface BurstRun {
  workers: number;
  concurrency: number;
  handlerMs: number;
  deadlines: number;
  p50Ms: number;
  p99Ms: number;
  /** The last handler start − dueAt: when the whole burst had been picked up. */
  maxMs: number;
  exactlyOnce: boolean;
}

async function burst(redis: Redis, workers: number, concurrency: number, handlerMs: number): Promise<BurstRun> {
  const prefix = `${PREFIX}-b${workers}-${handlerMs}`;
  const store = new MemoryEventStore();
  const scheduler = new BullmqDeadlineScheduler({ connection: REDIS_URL, prefix });
  const calls = new Map<string, number>();
  const lateness: number[] = [];
  let finished = 0;
  const handler = async (d: Deadline): Promise<void> => {
    lateness.push(Date.now() - Date.parse(d.dueAt));
    calls.set(d.id, (calls.get(d.id) ?? 0) + 1);
    if (handlerMs > 0) await new Promise((r) => setTimeout(r, handlerMs)); // stands for the command's I/O
    const at = new Date().toISOString();
    await store.append([
      {
        stream: `case-${d.caseId}`,
        expectedRevision: 'any',
        events: [{ id: `fx-${d.id}`, type: 'StageOverdueMarked', data: { stage: d.stage, entry: d.entry, dueAt: d.dueAt }, metadata: { actor: 'system', role: 'system', at, correlationId: d.id, causationId: d.id, schemaVersion: 1 } }],
      },
    ]);
    finished += 1;
  };
  const pool = Array.from({ length: workers }, () => new DeadlineWorker({ connection: REDIS_URL, prefix, handler, concurrency }));
  await Promise.all(pool.map((w) => w.ready()));

  const dueMs = Math.ceil((Date.now() + 3000) / 1000) * 1000;
  const dueAt = new Date(dueMs).toISOString();
  const deadlines: Deadline[] = Array.from({ length: BURST }, (_, i) => ({
    id: `dl-s${i}-cityAudit-2-due`,
    caseId: `s${i}`,
    stage: 'cityAudit',
    entry: 2,
    kind: 'due',
    dueAt,
    action: { type: 'MarkOverdue', data: { stage: 'cityAudit', entry: 2, dueAt } },
  }));
  await scheduler.schedule(deadlines);
  if (Date.now() >= dueMs) throw new Error('scheduling the burst took longer than its lead time');

  const deadline = dueMs + 60_000;
  while (finished < BURST && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  // Let any duplicate delivery show up before counting.
  const doneKey = scheduler.keys.done;
  while ((await redis.zcard(doneKey)) < BURST && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const counts = await scheduler.counts();

  const events = await store.readAll({ fromPosition: 0, limit: BURST * 2 });
  const perStream = new Map<string, number>();
  for (const e of events) perStream.set(e.stream, (perStream.get(e.stream) ?? 0) + 1);
  const exactlyOnce =
    calls.size === BURST &&
    [...calls.values()].every((c) => c === 1) &&
    events.length === BURST &&
    [...perStream.values()].every((c) => c === 1) &&
    counts.waiting + counts.delayed + counts.active + counts.failed === 0;

  await Promise.all(pool.map((w) => w.close()));
  await scheduler.close();
  await store.close();
  await deleteKeys(redis, `${prefix}:*`);
  const sorted = [...lateness].sort((a, b) => a - b);
  return {
    workers,
    concurrency,
    handlerMs,
    deadlines: lateness.length,
    p50Ms: pct(sorted, 50),
    p99Ms: pct(sorted, 99),
    maxMs: sorted[sorted.length - 1]!,
    exactlyOnce,
  };
}

async function main(): Promise<void> {
  const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 3 });
  try {
    const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1];
    const runs = await scheduling(redis);
    const bursts: BurstRun[] = [];
    for (const [workers, handlerMs] of [[1, 0], [2, 0], [1, HANDLER_MS], [2, HANDLER_MS]] as const) {
      bursts.push(await burst(redis, workers, 50, handlerMs));
    }

    console.log(`Redis ${version} at ${REDIS_URL}, prefix ${PREFIX}; ${CASES} cases in cityAudit`);
    console.log('\n(a) scheduling pending deadlines');
    console.log('run'.padEnd(58) + 'deadlines'.padStart(10) + 's'.padStart(8) + 'deadlines/s'.padStart(13) + 'MiB'.padStart(8) + 'B/deadline'.padStart(12));
    for (const r of runs) {
      console.log(
        r.name.padEnd(58) +
          String(r.deadlines).padStart(10) +
          r.seconds.toFixed(2).padStart(8) +
          Math.round(r.perSecond).toString().padStart(13) +
          (r.memoryBytes === undefined ? '–' : (r.memoryBytes / 2 ** 20).toFixed(1)).padStart(8) +
          (r.bytesPerDeadline === undefined ? '–' : Math.round(r.bytesPerDeadline).toString()).padStart(12),
      );
    }
    console.log(`\n(b) ${BURST} deadlines due at the same second (target: p99 lateness <= 1000 ms, every effect once)`);
    console.log('workers × concurrency'.padEnd(24) + 'handler ms'.padStart(11) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'max ms'.padStart(9) + '  once');
    for (const b of bursts) {
      console.log(
        `${b.workers} × ${b.concurrency}`.padEnd(24) +
          String(b.handlerMs).padStart(11) +
          String(b.p50Ms).padStart(9) +
          String(b.p99Ms).padStart(9) +
          String(b.maxMs).padStart(9) +
          `  ${b.exactlyOnce ? 'yes' : 'NO'}`,
      );
    }
    const met = bursts.every((b) => b.p99Ms <= 1000 && b.exactlyOnce);
    console.log(JSON.stringify({ bench: 'deadlines-bullmq', redis: version, cases: CASES, scheduling: runs, burst: bursts, target: { p99Ms: 1000 }, met, loadAverage: Number(loadavg()[0]!.toFixed(2)) }));
    if (!met) process.exitCode = 1;
  } finally {
    await deleteKeys(redis, `${PREFIX}*`);
    await redis.quit();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
