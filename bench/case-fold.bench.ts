/**
 * Loading and folding one case of 1,000 events from SQLite (target: median <= 5 ms).
 * The case is realistic for a long-lived zone: created, ~600 draft saves of a complete application form (each save
 * carries the whole form, as PUT /cases/:id/application does), a few returns for revision, the whole review line,
 * publicity and approval, then years of progress reports and city/province evaluations, padded to 1,000 events.
 * Load = SqliteEventStore.readStream (synchronous=FULL, WAL file in bench/.tmp/); fold = the domain's foldCase.
 * Two ways are measured: folding all 1,000 events from the log, and the product's load path, which starts from the
 * stream's newest snapshot (SqliteSnapshotStore, refreshed every 100 events) and folds only the events after it —
 * measured with the snapshot 50 events behind the head, the middle of its refresh interval.
 * Run: npm run bench:fold   (BENCH_RUNS overrides the run count). Last stdout line: JSON summary.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, SqliteSnapshotStore, foldWithSnapshots, type NewEvent } from '@shenbao/event-store';
import { caseSnapshotKey, evolveCase, foldCase, type CaseEvent, type CaseFold } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { completeApplication } from '../libs/domain/src/rules/application.fixture';
import { inMonitoring, CASE_ID } from '../libs/domain/src/case/case.spec-helpers';

const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const TOTAL = 1000;
const TMP = join(__dirname, '.tmp', `case-fold-${process.pid}`);

function caseEvents(): CaseEvent[] {
  const line = inMonitoring.filter((e): e is CaseEvent => !['ProgramCreated', 'CaseRegistered', 'RecommendationSlotUsed', 'PublicityBatchOpened', 'ApprovalRecorded'].includes(e.type));
  const [createdEv, ...rest] = line;
  const events: CaseEvent[] = [createdEv!];
  const app = completeApplication();
  for (let i = 0; i < 600; i++) events.push({ type: 'ApplicationSaved', data: { application: { ...app, basicSituation: `${app.basicSituation}（第${i}稿）` } } });
  for (let i = 0; i < 5; i++) {
    events.push({ type: 'CaseSubmitted', data: { cities: ['440100'] } });
    events.push({ type: 'CaseReturnedForRevision', data: { cityCode: '440100', comment: `请补充第${i + 1}项重点项目的投资明细` } });
  }
  events.push(...rest.filter((e) => e.type !== 'ApplicationSaved'));
  let period = 0;
  while (events.length < TOTAL) {
    const p = `${2020 + Math.floor(period / 2)}-H${(period % 2) + 1}`;
    period++;
    events.push({
      type: 'ProgressReportFiled',
      data: {
        reportId: `r${period}`,
        period: p,
        narrative: '本期完成政务数据共享平台二期建设，开放数据集新增120个，产业园新引进企业8家。',
        indicators: [{ name: '开放数据集', target: '500', actual: String(300 + period) }],
        projects: app.keyProjects.map((k) => ({ seq: k.seq, investedToDate: 100 + period, status: 'in_progress' as const })),
      },
    });
    if (events.length < TOTAL) events.push({ type: 'ProgressEvaluated', data: { period: p, level: 'city', cityCode: '440100', rating: 'good', comment: '进展良好' } });
    if (events.length < TOTAL) events.push({ type: 'ProgressEvaluated', data: { period: p, level: 'province', rating: 'good', comment: '按计划推进' } });
  }
  return events;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  mkdirSync(TMP, { recursive: true });
  const store = await SqliteEventStore.open({ path: join(TMP, 'events.sqlite') });
  try {
    const events = caseEvents();
    const stream = `case-${CASE_ID}`;
    const at = '2019-03-01T00:00:00.000Z';
    const batch: NewEvent[] = events.map((e, i) => ({
      id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      type: e.type,
      data: e.data,
      metadata: { actor: 'u-bench', role: 'applicant', at, correlationId: 'bench', causationId: 'bench', schemaVersion: 1 },
    }));
    await store.append([{ stream, expectedRevision: 'no_stream', events: batch }]);
    const bytes = batch.reduce((n, e) => n + JSON.stringify(e.data).length, 0);

    const load: number[] = [];
    const fold: number[] = [];
    const total: number[] = [];
    let stage = '';
    for (let r = 0; r < RUNS + 5; r++) {
      const t0 = process.hrtime.bigint();
      const stored = await store.readStream(stream);
      const t1 = process.hrtime.bigint();
      const state = foldCase(GD_BDPZ_2019, stored as unknown as CaseEvent[]);
      const t2 = process.hrtime.bigint();
      if (r < 5) continue; // warm-up
      stage = state?.stage ?? 'none';
      if (stored.length !== TOTAL) throw new Error(`expected ${TOTAL} events, read ${stored.length}`);
      load.push(Number(t1 - t0) / 1e6);
      fold.push(Number(t2 - t1) / 1e6);
      total.push(Number(t2 - t0) / 1e6);
    }
    const snapshots = SqliteSnapshotStore.open({ path: join(TMP, 'snapshots.sqlite') });
    const key = caseSnapshotKey(GD_BDPZ_2019);
    const prefix = await store.readStream(stream, { toPosition: TOTAL - 50 });
    await snapshots.save({ stream, key, revision: prefix[prefix.length - 1]!.revision, state: foldCase(GD_BDPZ_2019, prefix as unknown as CaseEvent[]) });
    const snap: number[] = [];
    for (let r = 0; r < RUNS + 5; r++) {
      const t0 = process.hrtime.bigint();
      const folded = await foldWithSnapshots<CaseFold>({
        store, snapshots, stream, key, initialState: null, every: 1_000_000,
        evolve: (st, e) => evolveCase(GD_BDPZ_2019, st, e as unknown as CaseEvent),
      });
      const t1 = process.hrtime.bigint();
      if (folded.revision !== TOTAL - 1 || !folded.fromSnapshot) throw new Error('snapshot load did not reach the head');
      if (r >= 5) snap.push(Number(t1 - t0) / 1e6);
    }
    await snapshots.close();

    const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
    console.log(`case of ${TOTAL} events (${(bytes / 1024).toFixed(0)} KiB of event data), final stage ${stage}, ${RUNS} runs`);
    console.log(`  from the log: load (readStream)  median ${med(load).toFixed(2)} ms   p95 ${p95(load).toFixed(2)} ms`);
    console.log(`  from the log: fold (foldCase)    median ${med(fold).toFixed(2)} ms   p95 ${p95(fold).toFixed(2)} ms`);
    console.log(`  from the log: load + fold        median ${med(total).toFixed(2)} ms   p95 ${p95(total).toFixed(2)} ms`);
    console.log(`  snapshot + 50-event tail         median ${med(snap).toFixed(2)} ms   p95 ${p95(snap).toFixed(2)} ms   target <= 5 ms median`);
    console.log(JSON.stringify({ bench: 'case-fold', events: TOTAL, runs: RUNS, loadMedianMs: med(load), foldMedianMs: med(fold), fullMedianMs: med(total), fullP95Ms: p95(total), snapshotMedianMs: med(snap), snapshotP95Ms: p95(snap), target: 5, loadavg: loadavg() }));
  } finally {
    await store.close();
    rmSync(TMP, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
