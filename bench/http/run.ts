/**
 * HTTP benchmark (issue "The whole HTTP contract…"): 32 concurrent applicants saving drafts for 15 s against the
 * built server started as `npm start` runs it, with the same server's /health rate and the command-response →
 * visible-in-case-list latency measured in the same run.
 *
 * Steps: `npm run build`; start `node dist/apps/api/src/main.js` on a temp DATA_DIR and a free loopback port
 * (LOG_LEVEL=warn, SQLITE_SYNCHRONOUS=FULL unless told otherwise); set up a demo program and one applicant with a
 * draft case per district through the API; warm up; then for the measured window run the save loops, one health
 * loop and the visibility probes (separate applicants, not counted in actions/s) together; then the probes alone
 * for a few seconds; then check every case's history against the acknowledged saves; SIGTERM the server and delete
 * the temp dir. Every save sends If-Match (its last revision) and, by default, an Idempotency-Key.
 *
 * Run: npm run bench:http   (node -r @swc-node/register bench/http/run.ts)
 * Env: BENCH_CLIENTS (32), BENCH_DURATION_S (15), BENCH_WARMUP_S (3), BENCH_PROBES (2), BENCH_IDLE_PROBE_S (3),
 * BENCH_IDEMPOTENCY (1: send Idempotency-Key; 0: don't), BENCH_SQLITE_SYNCHRONOUS (FULL | NORMAL),
 * BENCH_SKIP_BUILD=1, BENCH_CPU_PROF=<dir> (the server runs with --cpu-prof into <dir>; a self-time summary of the
 * measured window is printed), BENCH_KEEP=1 (keep the temp dir), BENCH_NODE_ARGS (more flags for the server's node, space-separated, e.g. --trace-gc).
 * Prints a table, then a JSON summary as the last line of stdout. Exit code 1 when the history check fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { JsonClient } from './http-client';
import { allSaves, checkHistory, healthLoop, latency, newSaveStats, saveLoop, saveOnce, visibilityProbe } from './load';
import type { LoopOptions, VisibilityStats } from './load';
import { printProfile, summarizeProfile } from './profile-summary';
import { build, cpuSeconds, freePort, machine, ServerProcess } from './server-process';
import { markerOf, setUp } from './setup';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 15);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const PROBES = Number(process.env.BENCH_PROBES ?? 2);
/** Second phase: the probes alone, so the read side's own lag shows without the queueing of a saturated server. */
const IDLE_PROBE_S = Number(process.env.BENCH_IDLE_PROBE_S ?? 3);
const IDEMPOTENCY = (process.env.BENCH_IDEMPOTENCY ?? '1') !== '0';
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');
const SYNCHRONOUS = (process.env.BENCH_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL';
const TARGETS = { actionsPerSecond: 1000, p99Ms: 50, visibilityP99Ms: 50 };

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const runId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-http-'));
  const adminPassword = `Bench-admin-${runId}-pw1`;
  const port = await freePort();
  const cpuProfDir = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;
  let server: ServerProcess;
  try {
    server = await ServerProcess.start({ port, dataDir, adminPassword, sqliteSynchronous: SYNCHRONOUS, ...(cpuProfDir ? { cpuProfDir } : {}), nodeArgs: NODE_ARGS });
  } catch (e) {
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  // One socket per loop: the save loops, the probes and the health loop.
  const client = new JsonClient(port, CLIENTS + PROBES + 1);
  try {
    const { programId, applicants } = await setUp(client, adminPassword, CLIENTS + PROBES, runId);
    const savers = applicants.slice(0, CLIENTS);
    const probers = applicants.slice(CLIENTS);
    const o: LoopOptions = { client, runId, idempotency: IDEMPOTENCY };

    // Warm-up (JIT, caches, SQLite pages): the same loops, not counted; their saves are still checked below.
    const warm = newSaveStats();
    const warmUntil = Date.now() + WARMUP_S * 1000;
    await Promise.all([...savers, ...probers].map((a) => saveLoop(o, a, warm, warmUntil)));

    const stats = newSaveStats();
    const probeStats = newSaveStats();
    const vis: VisibilityStats = { latencies: [], polls: 0, timedOut: 0 };
    // Other processes on this machine skew the figures; the 1-minute load average before the window says how much.
    const loadBefore = loadavg()[0];
    const cpuBefore = cpuSeconds(server.pid);
    const clientCpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    const windowUs = { from: Number(started / 1000n), to: 0 };
    const until = Date.now() + DURATION_S * 1000;
    const [health] = await Promise.all([
      healthLoop(client, until),
      ...savers.map((a) => saveLoop(o, a, stats, until)),
      ...probers.map((a) => visibilityProbe(o, a, programId, probeStats, vis, until)),
    ]);
    const ended = process.hrtime.bigint();
    windowUs.to = Number(ended / 1000n);
    const elapsedS = Number(ended - started) / 1e9;
    const serverCpu = (cpuSeconds(server.pid) - cpuBefore) / elapsedS;
    const clientUsage = process.cpuUsage(clientCpuBefore);
    const clientCpu = (clientUsage.user + clientUsage.system) / 1e6 / elapsedS;

    const idleVis: VisibilityStats = { latencies: [], polls: 0, timedOut: 0 };
    const idleUntil = Date.now() + IDLE_PROBE_S * 1000;
    await Promise.all(probers.map((a) => visibilityProbe(o, a, programId, probeStats, idleVis, idleUntil)));

    // One more save per applicant after the window, so the history check also covers the last revision.
    await Promise.all(applicants.map((a) => saveOnce(o, a, stats, false)));

    const all = allSaves(warm, stats, probeStats);
    const history = await checkHistory(client, applicants, all, markerOf);

    const saves = latency(stats.latencies);
    const healthLatency = latency(health.latencies);
    const visibility = latency(vis.latencies);
    const idleVisibility = latency(idleVis.latencies);
    const actionsPerSecond = Math.round(stats.latencies.length / elapsedS);
    const targets = {
      actionsPerSecond: actionsPerSecond >= TARGETS.actionsPerSecond,
      p99: saves.p99 <= TARGETS.p99Ms,
      history: history.ok,
      visibilityP99: visibility.p99 <= TARGETS.visibilityP99Ms,
    };
    const summary = {
      bench: 'http',
      ...machine(),
      loadavg1Before: Math.round(loadBefore * 100) / 100,
      sqliteSynchronous: SYNCHRONOUS,
      idempotencyKeys: IDEMPOTENCY,
      clients: CLIENTS,
      probes: PROBES,
      durationS: Math.round(elapsedS * 100) / 100,
      warmupS: WARMUP_S,
      actionsPerSecond,
      saveLatencyMs: saves,
      saveFailures: stats.failures,
      healthPerSecond: Math.round(health.ok / elapsedS),
      healthLatencyMs: healthLatency,
      healthFailures: health.other,
      visibilityMs: visibility,
      visibilityPolls: vis.polls,
      visibilityTimedOut: vis.timedOut,
      idleVisibilityMs: idleVisibility,
      serverCpuCores: Math.round(serverCpu * 100) / 100,
      // Server CPU per acknowledged save (all its work in the window — health, probes, consumers — divided by saves).
      serverCpuMsPerSave: Math.round((serverCpu * 1000 * 100) / Math.max(1, actionsPerSecond)) / 100,
      clientCpuCores: Math.round(clientCpu * 100) / 100,
      history,
      targets,
    };
    printTable(summary);
    let profile;
    if (cpuProfDir) {
      // The profile is written when the server exits.
      await server.stop();
      profile = summarizeProfile(cpuProfDir, windowUs.from, windowUs.to);
      if (profile) printProfile(profile);
    }
    console.log(JSON.stringify(profile ? { ...summary, profile: { ...profile, windowUs } } : summary));
    if (!history.ok) process.exitCode = 1;
  } catch (e) {
    console.error(e);
    console.error(`--- server log (tail) ---\n${server.log().slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    client.close();
    const code = await server.stop();
    if (code !== 0 && code !== null) console.error(`server exited with ${code}`);
    if (process.env.BENCH_KEEP === '1') console.error(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
    if (cpuProfDir) console.error(`server CPU profile in ${cpuProfDir}`);
  }
}

function printTable(s: {
  actionsPerSecond: number;
  saveLatencyMs: { count: number; p50: number; p90: number; p99: number; max: number };
  healthPerSecond: number;
  healthLatencyMs: { p50: number; p99: number };
  visibilityMs: { count: number; p50: number; p99: number; max: number };
  idleVisibilityMs: { count: number; p50: number; p99: number; max: number };
  history: { acknowledged: number; savedEvents: number; missing: number; duplicated: number; revisionMismatches: number; ok: boolean };
  serverCpuCores: number;
  clientCpuCores: number;
  clients: number;
  durationS: number;
  sqliteSynchronous: string;
  idempotencyKeys: boolean;
  targets: Record<string, boolean>;
}): void {
  const mark = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const rows: [string, string, string][] = [
    [`saves/s (${s.clients} applicants, ${s.durationS} s, synchronous=${s.sqliteSynchronous}, If-Match${s.idempotencyKeys ? ' + Idempotency-Key' : ''})`, String(s.actionsPerSecond), `≥ ${TARGETS.actionsPerSecond}: ${mark(s.targets.actionsPerSecond)}`],
    ['save latency p50 / p90 / p99 / max (ms)', `${s.saveLatencyMs.p50} / ${s.saveLatencyMs.p90} / ${s.saveLatencyMs.p99} / ${s.saveLatencyMs.max}`, `p99 ≤ ${TARGETS.p99Ms}: ${mark(s.targets.p99)}`],
    ['/health requests/s (p50 / p99 ms)', `${s.healthPerSecond} (${s.healthLatencyMs.p50} / ${s.healthLatencyMs.p99})`, ''],
    ['save → visible in case list p50 / p99 / max (ms)', `${s.visibilityMs.p50} / ${s.visibilityMs.p99} / ${s.visibilityMs.max} (n=${s.visibilityMs.count})`, `p99 ≤ ${TARGETS.visibilityP99Ms}: ${mark(s.targets.visibilityP99)}`],
    ['  same, probes alone afterwards (no other load)', `${s.idleVisibilityMs.p50} / ${s.idleVisibilityMs.p99} / ${s.idleVisibilityMs.max} (n=${s.idleVisibilityMs.count})`, ''],
    ['acknowledged saves / ApplicationSaved events', `${s.history.acknowledged} / ${s.history.savedEvents}`, `exactly once: ${mark(s.history.ok)} (missing ${s.history.missing}, duplicated ${s.history.duplicated}, revision mismatches ${s.history.revisionMismatches})`],
    ['CPU cores used: server / bench client', `${s.serverCpuCores} / ${s.clientCpuCores}`, ''],
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
