/**
 * Start-up benchmark (issue #12): does a start of the built API grow with the log? Starts the API once on a fresh
 * DATA_DIR (admin, seeds), stops it, appends STARTUP_EVENTS events straight through the event store, starts once to
 * let the checkpointed followers (read models, deadlines, notifier) catch up, then times STARTUP_RUNS starts from
 * spawn to the first 200 of `/health`.
 *
 * The events: a share (STARTUP_SIGN_OUT_SHARE, default 0.5) are `UserSignedOut` on the admin's stream, events the
 * user directory must apply (every sign-out in real life is one); the rest are `BenchNoted` on streams of their own,
 * events no follower handles (as the case events are for the directories).
 *
 * STARTUP_COMPARE=<dir of another build's dist> (for example the tree before a change, built and copied to
 * bench/.tmp/dist-before) times that build too, alternating with this one on the same store, so the machine's load
 * (shared, noisy) hits both alike.
 *
 * Run: npm run bench:startup. Env: STARTUP_EVENTS (100000), STARTUP_RUNS (5), STARTUP_SIGN_OUT_SHARE (0.5),
 * STARTUP_COMPARE, BENCH_SKIP_BUILD=1. Target: ≤ 2 s at 100,000 events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@shenbao/event-store';
import type { NewEvent } from '@shenbao/event-store';
import { build, freePort, ServerProcess } from '../http/server-process';

const EVENTS = Number(process.env.STARTUP_EVENTS ?? 100_000);
const RUNS = Number(process.env.STARTUP_RUNS ?? 5);
const SIGN_OUT_SHARE = Number(process.env.STARTUP_SIGN_OUT_SHARE ?? 0.5);
const COMPARE = process.env.STARTUP_COMPARE;
const BATCH = 1000;
const T0 = Date.parse('2026-01-05T00:00:00.000Z');

function event(type: string, data: unknown, i: number): NewEvent {
  const at = new Date(T0 + i * 60_000).toISOString();
  return { id: randomUUID(), type, data, metadata: { actor: 'system', role: 'admin', at, correlationId: `bench-${i}`, causationId: `bench-${i}`, schemaVersion: 1 } };
}

async function fill(dataDir: string): Promise<number> {
  const store = await SqliteEventStore.open({ path: join(dataDir, 'events.sqlite'), synchronous: 'NORMAL' });
  try {
    const [admin] = await store.readAll({ fromPosition: 0, limit: 1, types: ['UserRegistered'] });
    for (let i = 0; i < EVENTS; i += BATCH) {
      const signOuts: NewEvent[] = [];
      const notes: NewEvent[] = [];
      for (let j = i; j < Math.min(EVENTS, i + BATCH); j++) {
        // Expiring a minute after it is written: the directory forgets it at the next sign-out (its memory stays small).
        if ((j % 100) / 100 < SIGN_OUT_SHARE) signOuts.push(event('UserSignedOut', { tokenId: randomUUID(), expiresAt: new Date(T0 + (j + 1) * 60_000).toISOString() }, j));
        else notes.push(event('BenchNoted', { n: j }, j));
      }
      const writes = [{ stream: `bench-${i / BATCH}`, expectedRevision: 'any' as const, events: notes }];
      if (signOuts.length > 0) writes.push({ stream: admin.stream, expectedRevision: 'any', events: signOuts });
      await store.append(writes.filter((w) => w.events.length > 0));
    }
    return store.headPosition();
  } finally {
    await store.close();
  }
}

async function timedStart(port: number, dataDir: string, adminPassword: string, main?: string): Promise<number> {
  const t0 = process.hrtime.bigint();
  const server = await ServerProcess.start({ port, dataDir, adminPassword, sqliteSynchronous: 'FULL', pollMs: 10, ...(main ? { main } : {}) });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  await server.stop();
  return s;
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-startup-'));
  const adminPassword = `Startup-admin-${randomBytes(3).toString('hex')}-pw1`;
  const port = await freePort();
  try {
    const empty = await timedStart(port, dataDir, adminPassword);
    const head = await fill(dataDir);
    const first = await timedStart(port, dataDir, adminPassword);
    const compareMain = COMPARE ? join(COMPARE, 'apps', 'api', 'src', 'main.js') : undefined;
    if (compareMain) await timedStart(port, dataDir, adminPassword, compareMain);
    const starts: number[] = [];
    const compared: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      starts.push(await timedStart(port, dataDir, adminPassword));
      if (compareMain) compared.push(await timedStart(port, dataDir, adminPassword, compareMain));
    }
    const round = (s: number) => Math.round(s * 1000) / 1000;
    const median = (xs: number[]) => round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN);
    console.log(
      JSON.stringify(
        {
          events: head,
          signOutShare: SIGN_OUT_SHARE,
          startEmptyS: round(empty),
          firstStartAfterFillS: round(first),
          startsS: starts.map(round),
          medianS: median(starts),
          ...(compareMain ? { compare: COMPARE, compareStartsS: compared.map(round), compareMedianS: median(compared) } : {}),
          target: '≤ 2 s',
          machine: { cpus: cpus().length, model: cpus()[0]?.model, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) },
        },
        null,
        2,
      ),
    );
  } finally {
    if (process.env.BENCH_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
