/**
 * Search and monitoring benchmark (issue 14): `GET /cases?q=…` in several query shapes and
 * `GET /programs/:id/monitoring` over HTTP on a store of 10,000 cases. **Target: p99 ≤ 50 ms.**
 *
 * The store is grown in this process through the API application's own command service (bench/search/seed.ts —
 * not over HTTP, which cannot write years of monitoring: publicity lasts days, reports fall due every six months),
 * then the built server (`npm start`'s, bench/http's harness, SQLITE_SYNCHRONOUS=FULL) is started on it and, once the
 * log is quiet (its scheduler catches up with the report timers the seeding passed), every query is read
 * SEARCH_READS times in a row by one client.
 *
 * Run: npm run bench:search
 * Env: SEARCH_CASES (10000, besides the zones), SEARCH_ZONES (200), SEARCH_READS (300), BENCH_SKIP_BUILD=1, BENCH_KEEP=1.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonClient, summarize } from '../http/http-client';
import { build, freePort, machine, ServerProcess } from '../http/server-process';
import { DISTRICTS, seedStore, unitNameOf } from './seed';

const API = '/api/v1';
const CASES = Number(process.env.SEARCH_CASES ?? 10000);
const ZONES = Number(process.env.SEARCH_ZONES ?? 200);
const READS = Number(process.env.SEARCH_READS ?? 300);
const TARGET_P99_MS = 50;

/** Waits until the server's read models stop moving for `quietMs` (its scheduler may still be marking report periods). */
async function untilQuiet(client: JsonClient, token: string, quietMs = 3000): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const res = await client.send('GET', `${API}/cases?limit=1`, { token });
    const position = Number(res.headers['x-read-position']);
    if (position !== last) {
      last = position;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return position;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(): Promise<void> {
  if (process.env.BENCH_SKIP_BUILD !== '1') build();
  const runId = randomBytes(3).toString('hex');
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-search-'));
  const adminPassword = `Search-admin-${runId}-pw1`;
  const seeded = await seedStore(dataDir, adminPassword, CASES, ZONES, (line) => console.error(line));
  console.log(JSON.stringify({ seeded: { cases: CASES + ZONES, zones: ZONES, programs: seeded.searchPrograms.length + 1, seconds: seeded.seconds } }));

  const port = await freePort();
  const server = await ServerProcess.start({ port, dataDir, adminPassword, sqliteSynchronous: 'FULL' });
  const client = new JsonClient(port, 2);
  try {
    const login = async (username: string, password: string) =>
      (await client.expect<{ accessToken: string }>(200, 'POST', `${API}/auth/login`, { body: { username, password } })).accessToken;
    const admin = await login('admin', adminPassword);
    const position = await untilQuiet(client, admin);
    const province = await login('bench-seed-province', 'Bench-search-pass-1');
    const gz = DISTRICTS[0]!;
    await client.expect(201, 'POST', `${API}/users`, { token: admin, body: { username: 'bench-city', password: 'Bench-search-pass-1', displayName: '广州市工信局', role: 'city', cityCode: gz.cityCode } });
    const city = await login('bench-city', 'Bench-search-pass-1');

    const some = seeded.searchCases[Math.floor(CASES / 2)]!;
    const q = (text: string) => encodeURIComponent(text);
    const shapes: { name: string; path: string; token: string }[] = [
      { name: 'q=天河 (2 characters, ~1 in 48 cases)', path: `/cases?q=${q('天河')}`, token: province },
      { name: 'q=天河区工业和信息化局 (a whole name, ~1 in 384)', path: `/cases?q=${q('天河区工业和信息化局')}`, token: province },
      { name: 'q=<8 characters of a case id> (1 case)', path: `/cases?q=${some.slice(9, 17)}`, token: province },
      { name: 'q=不存在的单位 (no match: every row read)', path: `/cases?q=${q('不存在的单位')}`, token: province },
      { name: 'q=区&sort=unitName (nearly all match, sorted)', path: `/cases?q=${q('区')}&sort=unitName`, token: province },
      { name: 'q=人民政府&sort=dueAt', path: `/cases?q=${q('人民政府')}&sort=dueAt`, token: province },
      { name: 'q=人民政府&sort=-updatedAt as a city officer (scoped)', path: `/cases?q=${q('人民政府')}&sort=-updatedAt`, token: city },
      { name: `programId&q=${unitNameOf(gz, 2).slice(0, 4)}&districtCode&submittedFrom/To&sort=updatedAt`, path: `/cases?programId=${seeded.searchPrograms[0]}&q=${q(unitNameOf(gz, 2).slice(0, 4))}&districtCode=${gz.districtCode}&submittedFrom=2000-01-01&submittedTo=2099-12-31&sort=updatedAt`, token: province },
      { name: `monitoring, province (${ZONES} zones)`, path: `/programs/${seeded.monitoringProgram}/monitoring`, token: province },
      { name: 'monitoring, a city officer (its zones)', path: `/programs/${seeded.monitoringProgram}/monitoring`, token: city },
    ];
    const rows: Record<string, unknown>[] = [];
    for (const shape of shapes) {
      const ms: number[] = [];
      let size = 0;
      for (let i = 0; i < READS; i++) {
        const res = await client.send<{ items?: unknown[]; zones?: { atRisk: boolean }[] }>('GET', `${API}${shape.path}`, { token: shape.token });
        if (res.status !== 200) throw new Error(`GET ${shape.path} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
        ms.push(res.ms);
        size = (res.body.items ?? res.body.zones ?? []).length;
      }
      const { p50, p99, max } = summarize(ms);
      // The first read of each query is also given: monitoring plans each zone's periods once, then keeps them.
      const row = { query: shape.name, answered: size, first: Math.round(ms[0]! * 100) / 100, p50, p99, max };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
    const worst = Math.max(...rows.map((r) => r.p99 as number));
    console.log(JSON.stringify({ bench: 'search', ...machine(), cases: CASES + ZONES, zones: ZONES, position, reads: READS, worstP99Ms: worst, target: worst <= TARGET_P99_MS, loadavg: loadavg().map((l) => Math.round(l * 100) / 100) }));
  } catch (e) {
    console.error(e);
    console.error(`--- server log (tail) ---\n${server.log().slice(-4000)}`);
    process.exitCode = 1;
  } finally {
    client.close();
    await server.stop();
    if (process.env.BENCH_KEEP === '1') console.error(`kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
