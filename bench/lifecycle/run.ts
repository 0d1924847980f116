/**
 * Full-lifecycle HTTP benchmark (issue "correctness", item 3): 352 cases driven from creation to approval, 32 at a
 * time, every step over HTTP against the built server started as `npm start` runs it (bench/http's harness),
 * reporting p50 / p95 / p99 per step and steps/s. Target: every step's p99 ≤ 100 ms. Also counts every failed step
 * by status and error: a 409 REVISION_CONFLICT here (no step sends If-Match) would be the server's own fault.
 *
 * Steps: `npm run build`; start the server on a temp DATA_DIR and a free port (LOG_LEVEL=warn,
 * SQLITE_SYNCHRONOUS=FULL unless told otherwise); set up through the API (bench/lifecycle/setup.ts); warm up with
 * a first round of cases (not counted); run the measured cases; SIGTERM the server and delete the temp dir.
 *
 * Run: npm run bench:lifecycle   (node -r @swc-node/register bench/lifecycle/run.ts)
 * Env: BENCH_LANES (32), BENCH_CASES (352), BENCH_WARMUP_CASES (32), BENCH_SQLITE_SYNCHRONOUS (FULL | NORMAL),
 * BENCH_SKIP_BUILD=1, BENCH_KEEP=1 (keep the temp dir), BENCH_CPU_PROF=<dir> (the server runs with --cpu-prof into <dir>;
 * a self-time summary of the measured window is printed), BENCH_NODE_ARGS (more flags for the server's node).
 * Prints a table, then a JSON summary as the last line of stdout. Exit code 1 when a step failed.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { JsonClient, quantile } from '../http/http-client';
import { printProfile, summarizeProfile } from '../http/profile-summary';
import { build, cpuSeconds, freePort, machine, ServerProcess } from '../http/server-process';
import { LifecycleRun, STEPS } from './lanes';
import { setUpLifecycle } from './setup';

const LANES = Number(process.env.BENCH_LANES ?? 32);
const CASES = Number(process.env.BENCH_CASES ?? 352);
const WARMUP_CASES = Number(process.env.BENCH_WARMUP_CASES ?? 32);
const SYNCHRONOUS = (process.env.BENCH_SQLITE_SYNCHRONOUS ?? 'FULL').toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL';
const TARGET_P99_MS = 100;
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a !== '');

interface StepFigures {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function figures(values: number[]): StepFigures {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (n: number): number => Math.round(n * 10) / 10;
  return { count: sorted.length, p50: r(quantile(sorted, 0.5)), p95: r(quantile(sorted, 0.95)), p99: r(quantile(sorted, 0.99)), max: r(sorted[sorted.length - 1] ?? NaN) };
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const runId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-lifecycle-'));
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
  // One socket per lane and one for the poller.
  const client = new JsonClient(port, LANES + 1);
  try {
    const setup = await setUpLifecycle(client, adminPassword, LANES, WARMUP_CASES + CASES, runId);
    const warm = new LifecycleRun(client, setup, WARMUP_CASES);
    await warm.run();

    const loadBefore = loadavg()[0];
    const measured = new LifecycleRun(client, setup, CASES);
    const cpuBefore = cpuSeconds(server.pid);
    const started = process.hrtime.bigint();
    await measured.run();
    const ended = process.hrtime.bigint();
    const elapsedS = Number(ended - started) / 1e9;
    // Below 1 core the server was waiting for the CPU (other processes on the machine), not for work.
    const serverCpuCores = Math.round(((cpuSeconds(server.pid) - cpuBefore) / elapsedS) * 100) / 100;

    const steps = Object.fromEntries(STEPS.map((s) => [s, figures(measured.latencies.get(s)!)]));
    const failures = Object.fromEntries([...warm.failures, ...measured.failures].map(([k, n]) => [k, n]));
    const summary = {
      bench: 'lifecycle',
      ...machine(),
      loadavg1Before: Math.round(loadBefore * 100) / 100,
      sqliteSynchronous: SYNCHRONOUS,
      lanes: LANES,
      cases: CASES,
      warmupCases: WARMUP_CASES,
      approved: measured.approved,
      durationS: Math.round(elapsedS * 100) / 100,
      steps: measured.steps,
      stepsPerSecond: Math.round(measured.steps / elapsedS),
      publicityPolls: measured.polls,
      serverCpuCores,
      stepLatencyMs: steps,
      failures,
      targets: { everyStepP99: STEPS.every((s) => steps[s].p99 <= TARGET_P99_MS), noFailures: Object.keys(failures).length === 0 },
    };
    printTable(summary);
    let profile;
    if (cpuProfDir) {
      // The profile is written when the server exits.
      await server.stop();
      profile = summarizeProfile(cpuProfDir, Number(started / 1000n), Number(ended / 1000n));
      if (profile) printProfile(profile);
    }
    console.log(JSON.stringify(profile ? { ...summary, profile } : summary));
    if (!summary.targets.noFailures) process.exitCode = 1;
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
  lanes: number;
  cases: number;
  approved: number;
  durationS: number;
  steps: number;
  stepsPerSecond: number;
  serverCpuCores: number;
  stepLatencyMs: Record<string, StepFigures>;
  failures: Record<string, number>;
  targets: Record<string, boolean>;
}): void {
  console.log(`${s.cases} cases, ${s.lanes} lanes: ${s.approved} approved, ${s.steps} steps in ${s.durationS} s = ${s.stepsPerSecond} steps/s (server CPU ${s.serverCpuCores} cores)`);
  console.log(`${'step'.padEnd(16)}${['n', 'p50', 'p95', 'p99', 'max'].map((h) => h.padStart(8)).join('')}  p99 ≤ ${TARGET_P99_MS} ms`);
  for (const [name, f] of Object.entries(s.stepLatencyMs)) {
    const cells = [f.count, f.p50, f.p95, f.p99, f.max].map((v) => String(v).padStart(8)).join('');
    console.log(`${name.padEnd(16)}${cells}  ${f.p99 <= TARGET_P99_MS ? 'met' : 'MISSED'}`);
  }
  const failed = Object.entries(s.failures);
  console.log(failed.length === 0 ? 'failed steps: none' : `failed steps: ${failed.map(([k, n]) => `${k} × ${n}`).join('; ')}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
