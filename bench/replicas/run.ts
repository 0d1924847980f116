/**
 * Replicas benchmark (issue #17): bench/http's draft-save load against three deployments, one after the other in
 * one run (this machine has 2 cores: the ratios, measured minutes apart, say more than the absolute figures):
 *  (a) `sqlite` — the embedded server, one process;
 *  (b) `pg1` — one replica on PostgreSQL (EVENT_STORE=postgres);
 *  (c) `pg2` — two replicas on one PostgreSQL schema, the client's requests spread over both in turn.
 * Each server process is started as `npm start` runs it (bench/http/server-process), the postgres ones with the
 * production profile's environment, a schema and a Redis prefix of their own (dropped afterwards).
 *
 * In each: set up a program and one applicant per district with a draft (through the first server), wait until the
 * last server shows every case, warm up, then for the window run the save loops (If-Match, Idempotency-Key) and the
 * lag probes together; then the probes alone; then check every case's history against the acknowledged saves. The
 * lag probes save through the first server and read through the last (`lagProbe`): on `pg2` that is the follower's
 * lag from commit to read model on the replica that did not take the write; on the single-server deployments the
 * same measure on the one server, for comparison.
 *
 * Run: npm run bench:replicas   (node -r @swc-node/register bench/replicas/run.ts)
 * Env: BENCH_CLIENTS (32), BENCH_DURATION_S (15), BENCH_WARMUP_S (3), BENCH_PROBES (2), BENCH_IDLE_PROBE_S (3),
 * BENCH_IDEMPOTENCY (1; 0: no Idempotency-Key), BENCH_DEPLOYMENTS (sqlite,pg1,pg2), BENCH_DATABASE_URL (else
 * DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres), REDIS_URL (redis://127.0.0.1:6379),
 * BENCH_SKIP_BUILD=1, BENCH_KEEP=1 (keep the temp dirs).
 * Prints a table, then a JSON summary as the last line of stdout. Exit code 1 when a history check fails or a save
 * never showed on the reader.
 */
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { JsonClient } from '../http/http-client';
import type { LatencySummary } from '../http/http-client';
import { allSaves, checkHistory, latency, newSaveStats, saveLoop, saveOnce } from '../http/load';
import type { HistoryCheck, LoopOptions } from '../http/load';
import { build, cpuSeconds, machine } from '../http/server-process';
import { API, markerOf, setUp } from '../http/setup';
import { deploy } from './deployment';
import type { Deployment, DeploymentKind } from './deployment';
import { lagProbe, newLagStats, SpreadClient } from './lag';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const PROBES = Number(process.env.BENCH_PROBES ?? 2);
const IDLE_PROBE_S = Number(process.env.BENCH_IDLE_PROBE_S ?? 3);
const IDEMPOTENCY = (process.env.BENCH_IDEMPOTENCY ?? '1') !== '0';
const KINDS = (process.env.BENCH_DEPLOYMENTS ?? 'sqlite,pg1,pg2').split(',').map((k) => k.trim()) as DeploymentKind[];

interface Result {
  deployment: DeploymentKind;
  servers: number;
  loadavg1Before: number;
  durationS: number;
  savesPerSecond: number;
  saveLatencyMs: LatencySummary;
  saveFailures: Record<string, number>;
  lagMs: LatencySummary;
  lagLate: number;
  lagLost: number;
  idleLagMs: LatencySummary;
  idleLagLate: number;
  serverCpuCores: number;
  history: HistoryCheck;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Until `reader` lists every applicant's case (it follows the log the first server wrote). */
async function caughtUp(reader: JsonClient, programId: string, applicants: { token: string; caseId: string }[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const a of applicants) {
    for (;;) {
      const res = await reader.send<{ items: { id: string }[] }>('GET', `${API}/cases?programId=${programId}&limit=50`, { token: a.token });
      if (res.status === 200 && res.body.items.some((i) => i.id === a.caseId)) break;
      if (Date.now() > deadline) throw new Error(`the last server did not show case ${a.caseId} within 30 s (${res.status})`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function measure(dep: Deployment, runId: string, adminPassword: string): Promise<Result> {
  const clients = dep.ports.map((port) => new JsonClient(port, CLIENTS + PROBES + 1));
  try {
    const writer = clients[0];
    const reader = clients[clients.length - 1];
    const spread = new SpreadClient(clients);
    const { programId, applicants } = await setUp(writer, adminPassword, CLIENTS + PROBES, runId);
    await caughtUp(reader, programId, applicants);
    const savers = applicants.slice(0, CLIENTS);
    const probers = applicants.slice(CLIENTS);
    const spreadLoops: LoopOptions = { client: spread, runId, idempotency: IDEMPOTENCY };
    const probeWrites: LoopOptions = { client: writer, runId, idempotency: IDEMPOTENCY };

    const warm = newSaveStats();
    const warmUntil = Date.now() + WARMUP_S * 1000;
    await Promise.all([...savers, ...probers].map((a) => saveLoop(spreadLoops, a, warm, warmUntil)));

    const stats = newSaveStats();
    const probeStats = newSaveStats();
    const lag = newLagStats();
    const loadBefore = loadavg()[0];
    const cpuBefore = dep.servers.map((s) => cpuSeconds(s.pid));
    const started = process.hrtime.bigint();
    const until = Date.now() + DURATION_S * 1000;
    await Promise.all([
      ...savers.map((a) => saveLoop(spreadLoops, a, stats, until)),
      ...probers.map((a) => lagProbe(probeWrites, reader, a, programId, probeStats, lag, until)),
    ]);
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    const serverCpu = dep.servers.reduce((sum, s, i) => sum + (cpuSeconds(s.pid) - cpuBefore[i]), 0) / elapsedS;

    const idleLag = newLagStats();
    const idleUntil = Date.now() + IDLE_PROBE_S * 1000;
    await Promise.all(probers.map((a) => lagProbe(probeWrites, reader, a, programId, probeStats, idleLag, idleUntil)));

    await Promise.all(applicants.map((a) => saveOnce(spreadLoops, a, stats, false)));
    const all = allSaves(warm, stats, probeStats);
    const history = await checkHistory(writer, applicants, all, markerOf);
    return {
      deployment: dep.kind,
      servers: dep.servers.length,
      loadavg1Before: round2(loadBefore),
      durationS: round2(elapsedS),
      savesPerSecond: Math.round(stats.latencies.length / elapsedS),
      saveLatencyMs: latency(stats.latencies),
      saveFailures: stats.failures,
      lagMs: latency(lag.latencies),
      lagLate: lag.late,
      lagLost: lag.lost + idleLag.lost,
      idleLagMs: latency(idleLag.latencies),
      idleLagLate: idleLag.late,
      serverCpuCores: round2(serverCpu),
      history,
    };
  } finally {
    for (const c of clients) c.close();
  }
}

const LABELS: Record<DeploymentKind, string> = {
  sqlite: '(a) embedded SQLite, 1 process',
  pg1: '(b) PostgreSQL, 1 replica',
  pg2: '(c) PostgreSQL, 2 replicas, requests spread',
};

function printTable(results: Result[]): void {
  const head = ['deployment', 'load avg', 'saves/s', 'save p50 / p99 ms', 'lag p50 / p99 / max ms (under load)', 'lag p50 / p99 / max ms (idle)', 'server cores', 'acked = stored once'];
  const rows = results.map((r) => [
    LABELS[r.deployment],
    String(r.loadavg1Before),
    String(r.savesPerSecond),
    `${r.saveLatencyMs.p50} / ${r.saveLatencyMs.p99}`,
    `${r.lagMs.p50} / ${r.lagMs.p99} / ${r.lagMs.max} (n=${r.lagMs.count}, late ${r.lagLate})`,
    `${r.idleLagMs.p50} / ${r.idleLagMs.p99} / ${r.idleLagMs.max} (n=${r.idleLagMs.count}, late ${r.idleLagLate})`,
    String(r.serverCpuCores),
    `${r.history.acknowledged} ${r.history.ok ? 'yes' : 'NO'}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [head, ...rows]) console.log(row.map((c, i) => c.padEnd(widths[i])).join('  '));
  for (const r of results) if (Object.keys(r.saveFailures).length > 0) console.log(`${r.deployment}: failed saves ${JSON.stringify(r.saveFailures)}`);
}

function ratios(results: Result[]): Record<string, number> {
  const by = new Map(results.map((r) => [r.deployment, r]));
  const out: Record<string, number> = {};
  const pair = (a: DeploymentKind, b: DeploymentKind): void => {
    const x = by.get(a);
    const y = by.get(b);
    if (!x || !y) return;
    out[`${a}/${b} saves/s`] = round2(x.savesPerSecond / y.savesPerSecond);
    out[`${a}/${b} p99`] = round2(x.saveLatencyMs.p99 / y.saveLatencyMs.p99);
  };
  pair('pg1', 'sqlite');
  pair('pg2', 'sqlite');
  pair('pg2', 'pg1');
  return out;
}

async function main(): Promise<void> {
  for (const k of KINDS) if (!(k in LABELS)) throw new Error(`BENCH_DEPLOYMENTS: unknown deployment "${k}" (sqlite, pg1, pg2)`);
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const runId = randomBytes(3).toString('hex');
  const adminPassword = `Bench-admin-${runId}-pw1`;
  const results: Result[] = [];
  for (const kind of KINDS) {
    const dep = await deploy(kind, runId, adminPassword);
    try {
      results.push(await measure(dep, runId, adminPassword));
    } catch (e) {
      for (const [i, s] of dep.servers.entries()) console.error(`--- ${kind} server ${i + 1} log (tail) ---\n${s.log().slice(-3000)}`);
      throw e;
    } finally {
      await dep.close();
    }
  }
  printTable(results);
  const r = ratios(results);
  for (const [name, value] of Object.entries(r)) console.log(`${name}: ${value}`);
  console.log(
    JSON.stringify({ bench: 'replicas', ...machine(), clients: CLIENTS, probes: PROBES, idempotencyKeys: IDEMPOTENCY, date: new Date().toISOString(), results, ratios: r }),
  );
  if (results.some((x) => !x.history.ok || x.lagLost > 0)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
