/**
 * Documents benchmark (issue #15): the 申报书 PDF of an application with 50 key projects (target ≤ 1 s), and the
 * program export of 10,000 cases over HTTP (target ≤ 10 s, memory flat).
 *
 * 1. Renders applicationDocument → renderPdf in this process: the first render (reads and parses the font files)
 *    and the median of the next BENCH_DOC_RUNS (5); the DOCX likewise, for reference.
 * 2. Boots the API in this process (createApp, as the e2e suites do) on a temporary DATA_DIR and seeds cases of the
 *    seeded gd-bdpz-2019 program straight through the event store port (EVENT_STORE.append; the store computes the
 *    hash chain): per case CaseCreated, ApplicationSaved (5 key projects) and CaseSubmitted, 250 cases per append.
 *    It waits for the read models to reach the last position, then, as admin over loopback HTTP, downloads
 *    export.csv and export.xlsx, timing each to the last byte while sampling this process's heap and RSS every
 *    20 ms. Done at BENCH_EXPORT_STEPS cases (default 1000,10000): flat memory shows as the same peak above the
 *    baseline at both sizes. Each format is downloaded twice (BENCH_FORMATS, default csv,xlsx,csv,xlsx): the first
 *    pair runs while the server still works through the seeded events' side effects (deadline timers of 10,000
 *    submissions), the second on a settled server.
 *
 *    Then the upload's reader: a 重点任务（项目）表 of 500 projects (the most a draft may hold) read back, median of
 *    BENCH_DOC_RUNS.
 * 3. The XLSX's second sheet, 跟踪监测, written in this process by exportXlsx from BENCH_MONITORING_ZONES (1000,10000)
 *    synthetic zones of 8 report periods each (a real program has at most its approval quota, 5 for gd-bdpz-2019):
 *    the time to the last byte and the heap above the baseline (the zones themselves are in the baseline), so the
 *    sheet's writer shows flat memory on its own.
 *
 * Run: npm run bench:documents   Env: BENCH_DOC_RUNS (5), BENCH_EXPORT_STEPS (1000,10000), BENCH_FORMATS,
 * BENCH_MONITORING_ZONES.
 */
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { caseStream, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { Application } from '@shenbao/domain';
import { applicationDocument, exportXlsx, keyProjectsXlsx, letterheadFor, readKeyProjectsXlsx, renderDocx, renderPdf } from '@shenbao/documents';
import type { ExportRow, MonitoringZone } from '@shenbao/documents';
import type { EventStore, NewEvent } from '@shenbao/event-store';
import { createApp } from '../../apps/api/src/app.factory';
import { loadConfig } from '@shenbao/host';
import { EVENT_STORE } from '@shenbao/host';
import { programIdForKey } from '../../apps/api/src/programs/program-id';
import { ReadModels } from '../../apps/api/src/read-side/read-models.service';
import { completeApplication } from '../../libs/domain/src/rules/application.fixture';

const RUNS = Number(process.env.BENCH_DOC_RUNS ?? 5);
const STEPS = (process.env.BENCH_EXPORT_STEPS ?? '1000,10000').split(',').filter(Boolean).map(Number);
const ZONE_STEPS = (process.env.BENCH_MONITORING_ZONES ?? '1000,10000').split(',').filter(Boolean).map(Number);
const ADMIN_PASSWORD = 'Bench-docs-admin-1';
const PER_APPEND = 250;

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (bytes: number): number => Math.round(bytes / 1048576);

function applicationWith(projects: number, unitName: string): Application {
  const a = completeApplication();
  a.cover.unitName = unitName;
  const content = '建设区级政务大数据中心，汇聚人口、法人、空间地理、宏观经济等基础数据，开展跨部门数据交换共享、关联比对和清洗治理，支撑政务服务一网通办和社会治理精准化。'.repeat(2);
  a.keyProjects = Array.from({ length: projects }, (_, i) => ({
    seq: i + 1, name: `重点项目${i + 1}：政务大数据平台建设`, undertakingUnit: '区政务服务数据管理局', content: content.slice(0, 200),
    totalInvestment: 1000 + i * 12.5, periodStart: '2019-05', periodEnd: '2020-12', expectedResults: '汇聚数据 10 亿条，支撑 200 项政务服务事项', expectedRevenue: 300 + i,
  }));
  return a;
}

async function timed<T>(f: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await f();
  return performance.now() - t0;
}

async function documentBench(): Promise<Record<string, number>> {
  const input = {
    application: applicationWith(50, '广州市天河区人民政府'),
    taskNames: Object.fromEntries(GD_BDPZ_2019_PROGRAM.tasks.map((t) => [t.code, t.name])),
    letterhead: letterheadFor('gd-bdpz-2019')!,
    year: 2019,
    savedAt: new Date('2019-04-10T02:00:00Z'),
  };
  const pdfCold = await timed(() => renderPdf(applicationDocument(input)));
  const pdf: number[] = [];
  for (let i = 0; i < RUNS; i++) pdf.push(await timed(() => renderPdf(applicationDocument(input))));
  const docx: number[] = [];
  for (let i = 0; i < RUNS; i++) docx.push(await timed(() => renderDocx(applicationDocument(input))));
  const bytes = (await renderPdf(applicationDocument(input))).length;
  // The largest table an upload may hold (500 projects), read back as PUT /cases/:id/application/key-projects does.
  const table = await keyProjectsXlsx(applicationWith(500, '广州市天河区人民政府'), input.savedAt);
  const upload: number[] = [];
  for (let i = 0; i < RUNS; i++) upload.push(await timed(() => readKeyProjectsXlsx(table)));
  return {
    pdfColdMs: Math.round(pdfCold), pdfMedianMs: Math.round(median(pdf)), pdfMaxMs: Math.round(Math.max(...pdf)), docxMedianMs: Math.round(median(docx)), pdfBytes: bytes,
    upload500MedianMs: Math.round(median(upload)), upload500Bytes: table.length,
  };
}

const DISTRICTS = GD_BDPZ_2019_PROGRAM.regions.flatMap((r) => r.districts.map((d) => ({ cityCode: r.cityCode, districtCode: d.code, name: `${r.name}市${d.name}` })));

async function seed(store: EventStore, programId: string, from: number, to: number): Promise<number> {
  // Recorded now: a submission's city-audit deadline is then weeks ahead, so no timer fires during the exports (dated
  // in the past, all 10,000 would fall due at once and the server would be marking them overdue meanwhile).
  const t0 = Date.now();
  const at = (n: number) => new Date(t0 + (n - from)).toISOString();
  const meta = (n: number) => ({ actor: 'bench', role: 'applicant', at: at(n), correlationId: `bench-${n}`, causationId: `bench-${n}`, schemaVersion: 1 });
  let position = 0;
  for (let start = from; start < to; start += PER_APPEND) {
    const writes = [];
    for (let n = start; n < Math.min(to, start + PER_APPEND); n++) {
      const d = DISTRICTS[n % DISTRICTS.length]!;
      const caseId = `bench-case-${n}`;
      const unitName = `${d.name}人民政府`;
      const applicant = { level: 'district' as const, cityCode: d.cityCode, districtCode: d.districtCode, unitName };
      const events: NewEvent[] = [
        { id: `${caseId}-0`, type: 'CaseCreated', data: { caseId, programId, workflow: { key: 'gd-bdpz-2019', version: 1 }, applicant, partners: [], cities: [d.cityCode], createdBy: 'bench' }, metadata: meta(n) },
        { id: `${caseId}-1`, type: 'ApplicationSaved', data: { application: applicationWith(5, unitName) }, metadata: meta(n) },
        { id: `${caseId}-2`, type: 'CaseSubmitted', data: { cities: [d.cityCode] }, metadata: meta(n) },
      ];
      writes.push({ stream: caseStream(caseId), expectedRevision: 'no_stream' as const, events });
    }
    position = (await store.append(writes)).position;
  }
  return position;
}

interface Download { ms: number; bytes: number; peakHeapMb: number; peakRssMb: number; baseHeapMb: number; baseRssMb: number }

function download(port: number, path: string, token: string): Promise<Download> {
  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 20);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => { bytes += c.length; });
      res.on('end', () => {
        clearInterval(sampler);
        if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode}`));
        resolve({ ms: Math.round(performance.now() - t0), bytes, peakHeapMb: mb(peakHeap), peakRssMb: mb(peakRss), baseHeapMb: mb(base.heapUsed), baseRssMb: mb(base.rss) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function login(port: number): Promise<string> {
  const body = JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD });
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/api/v1/auth/login', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => { text += c.toString(); });
      res.on('end', () => (res.statusCode === 200 ? resolve((JSON.parse(text) as { accessToken: string }).accessToken) : reject(new Error(`login ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function exportBench(): Promise<Record<string, unknown>[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-bench-docs-'));
  let app: INestApplication | undefined;
  const results: Record<string, unknown>[] = [];
  try {
    app = await createApp(loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'silent', RATE_LIMIT_USER_MAX: '1000000', RATE_LIMIT_IP_MAX: '1000000' }), { passwordHashing: 'fast' });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const store = app.get<EventStore>(EVENT_STORE);
    const readModels = app.get(ReadModels);
    const programId = programIdForKey('gd-bdpz-2019');
    const token = await login(port);
    let seeded = 0;
    for (const step of STEPS) {
      const t0 = performance.now();
      const position = await seed(store, programId, seeded, step);
      seeded = step;
      while (!(await readModels.readAt(position)).caughtUp) await new Promise((r) => setTimeout(r, 100));
      const seedS = Math.round((performance.now() - t0) / 100) / 10;
      for (const format of (process.env.BENCH_FORMATS ?? 'csv,xlsx,csv,xlsx').split(',')) {
        const d = await download(port, `/api/v1/programs/${programId}/export.${format}`, token);
        results.push({ cases: step, format, seedS, ...d });
        console.log(`export.${format} of ${step} cases: ${d.ms} ms, ${mb(d.bytes)} MB; heap ${d.baseHeapMb} → peak ${d.peakHeapMb} MB, RSS ${d.baseRssMb} → peak ${d.peakRssMb} MB`);
      }
    }
  } finally {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

function syntheticZones(n: number): MonitoringZone[] {
  return Array.from({ length: n }, (_, i) => {
    const d = DISTRICTS[i % DISTRICTS.length]!;
    return {
      caseId: `bench-zone-${i}`, unitName: `${d.name}人民政府`, cityCode: d.cityCode, approvedOn: '2019-07-01', stage: 'progressEvaluation',
      reports: Array.from({ length: 8 }, (_, p) => ({
        period: `P${p + 1}`, dueOn: '2020-01-01', status: (['filed', 'late', 'missing', 'due'] as const)[(i + p) % 4],
        ...((i + p) % 4 < 2 ? { filedAt: '2020-01-05T02:00:00.000Z' } : {}),
      })),
      ratings: [{ period: 'P1', city: 'good', province: 'pass' }, { period: 'P2', city: 'fail' }],
      investment: { planned: 1200.5, toDate: 600, percent: 50 },
      rectifications: [{ period: 'P2', dueOn: '2020-09-30', status: 'open' as const }],
      riskReasons: ['reportMissing', 'ratingFail'],
    };
  });
}

async function monitoringSheetBench(): Promise<Record<string, number>[]> {
  const results: Record<string, number>[] = [];
  const regions = GD_BDPZ_2019_PROGRAM.regions;
  for (const n of ZONE_STEPS) {
    const zones = syntheticZones(n);
    global.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().heapUsed); }, 20);
    const t0 = performance.now();
    let bytes = 0;
    async function* noCases(): AsyncGenerator<ExportRow> {}
    for await (const chunk of exportXlsx(noCases(), new Date(), { zones, regions })) bytes += (chunk as Buffer).length;
    const ms = Math.round(performance.now() - t0);
    clearInterval(sampler);
    results.push({ zones: n, ms, bytes, baseHeapMb: mb(base), peakHeapMb: mb(peak) });
    console.log(`跟踪监测 sheet of ${n} zones: ${ms} ms, ${Math.round(bytes / 1024)} KB; heap ${mb(base)} → peak ${mb(peak)} MB`);
  }
  return results;
}

async function main(): Promise<void> {
  const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memGb: Math.round(totalmem() / 2 ** 30), load1: loadavg()[0] };
  console.log('machine', JSON.stringify(machine));
  const docs = await documentBench();
  console.log(`申报书 PDF, 50 key projects: first ${docs.pdfColdMs} ms (reads the fonts), median ${docs.pdfMedianMs} ms, max ${docs.pdfMaxMs} ms, ${Math.round(docs.pdfBytes! / 1024)} KB; DOCX median ${docs.docxMedianMs} ms (target PDF ≤ 1000 ms)`);
  console.log(`重点任务（项目）表 of 500 projects (${Math.round(docs.upload500Bytes! / 1024)} KB) read back: median ${docs.upload500MedianMs} ms`);
  const monitoringSheet = await monitoringSheetBench();
  const exports = await exportBench();
  console.log(JSON.stringify({ machine, documents: docs, monitoringSheet, exports, at: new Date().toISOString() }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
