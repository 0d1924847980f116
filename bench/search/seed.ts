/**
 * Grows the search-and-monitoring benchmark's store without HTTP: the API application is booted in this process on
 * the benchmark's DATA_DIR with a clock the seeder moves, and case commands go through its CaseCommandService (the
 * deciders, the cached stream loads, the real metadata and hash chain — exactly what the routes run, minus HTTP);
 * accounts, experts, programs and publicity batches go through its routes (Fastify's inject). This writes years of
 * monitoring in minutes, which HTTP at today's clock cannot (publicity lasts days, reports fall due every six months).
 *
 * - The monitoring program (quota 3–250, city limits 100): `zones` district cases taken through review, publicity and
 *   approval about 3 years and 2 months ago, then six report periods: reports mostly on time, some late, some
 *   missing; the cities and the province rate periods 1–5, every 20th zone fails period 5 and gets a rectification
 *   due in 20 days from now (so it is at risk).
 * - `cases` more district cases in programs of 2,000, created, saved and submitted yesterday (waiting in cityAudit,
 *   their deadlines ahead), with unit names from 48 districts × 8 departments.
 */
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dateIn, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { Actor, CaseCommand } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { createApp } from '../../apps/api/src/app.factory';
import { CaseCommandService } from '@shenbao/commands';
import { loadConfig } from '@shenbao/host';
import { BENCH_PROGRAM, applicationFor } from '../http/setup';

const DAY = 24 * 3600 * 1000;
const API = '/api/v1';
export const DEPARTMENTS = ['人民政府', '政务服务数据管理局', '工业和信息化局', '发展和改革局', '科学技术局', '商务局', '住房和城乡建设局', '交通运输局'];
export const CASES_PER_PROGRAM = 2000;

export interface District {
  cityCode: string;
  districtCode: string;
  cityName: string;
  districtName: string;
}

/** The seeded program's districts, but Chaozhou's (the experts' home city, which recusal would exclude). */
export const DISTRICTS: District[] = GD_BDPZ_2019_PROGRAM.regions
  .filter((r) => r.cityCode !== '445100')
  .flatMap((r) => r.districts.map((d) => ({ cityCode: r.cityCode, districtCode: d.code, cityName: r.name, districtName: d.name })));

export const unitNameOf = (d: District, n: number): string => `${d.cityName}市${d.districtName}区${DEPARTMENTS[n % DEPARTMENTS.length]}`;

export interface SeededStore {
  monitoringProgram: string;
  searchPrograms: string[];
  /** Every case id of the search programs, in creation order. */
  searchCases: string[];
  zones: number;
  seconds: number;
}

/** EndPublicity after the scheduler's own timer already ended the period: refused as illegal, and fine. */
function alreadyEnded(e: unknown): void {
  if ((e as { code?: unknown }).code !== 'ILLEGAL_TRANSITION') throw e;
}

export async function seedStore(dataDir: string, adminPassword: string, cases: number, zones: number, log: (line: string) => void): Promise<SeededStore> {
  const started = Date.now();
  const realNow = Date.now();
  let clock = new Date(realNow - (3 * 365 + 75) * DAY);
  /** How far the clock moves per command: a minute while zones are seeded, a second for the searched cases. */
  let step = 60_000;
  const tick = (ms = step): Date => (clock = new Date(clock.getTime() + ms));
  const config = loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD: adminPassword, LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', RATE_LIMIT_USER_MAX: '10000000', RATE_LIMIT_IP_MAX: '10000000' });
  const app: INestApplication = await createApp(config, { clock: () => clock });
  const inject = (app as NestFastifyApplication).getHttpAdapter().getInstance();
  const call = async <T>(method: 'GET' | 'POST', url: string, token: string | undefined, body?: unknown): Promise<T> => {
    const res = await inject.inject({ method, url: `${API}${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
    return JSON.parse(res.body) as T;
  };
  const login = async (username: string, password: string) => (await call<{ accessToken: string }>('POST', '/auth/login', undefined, { username, password })).accessToken;
  const cases$ = app.get(CaseCommandService);
  let seq = 0;
  const act = (caseId: string, actor: Actor, command: CaseCommand) => {
    tick();
    return cases$.execute(caseId, command, { actor, correlationId: `bench-search-${++seq}` });
  };

  try {
    const admin = await login('admin', adminPassword);
    const password = 'Bench-search-pass-1';
    await call('POST', '/users', admin, { username: 'bench-seed-province', password, displayName: '省工信厅', role: 'province' });
    const province = await login('bench-seed-province', password);
    const provActor: Actor = { userId: 'bench-seed-province', role: 'province' };
    const experts: string[] = [];
    for (let i = 0; i < 5; i++) {
      experts.push((await call<{ id: string }>('POST', '/experts', admin, { name: `专家${i + 1}`, homeCityCode: '445100', employer: `大学${i + 1}`, fields: ['大数据'] })).id);
    }
    const program = async (key: string, at: Date, quotaMax: number, limit: number): Promise<string> => {
      const body = {
        ...BENCH_PROGRAM,
        key,
        name: `检索与监测基准 ${key}`,
        workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
        regions: GD_BDPZ_2019_PROGRAM.regions.map((r) => ({ ...r, limit })),
        quota: { min: 3, max: quotaMax },
        window: { opensOn: dateIn(new Date(at.getTime() - 10 * DAY)), closesOn: dateIn(new Date(at.getTime() + 300 * DAY)) },
        targetDate: dateIn(new Date(at.getTime() + 3 * 365 * DAY)),
      };
      return (await call<{ id: string }>('POST', '/programs', admin, body)).id;
    };
    const applicantOf = (d: District): Actor => ({ userId: `bench-app-${d.districtCode}`, role: 'applicant', cityCode: d.cityCode, districtCode: d.districtCode });
    const cityOf = (d: District): Actor => ({ userId: `bench-city-${d.cityCode}`, role: 'city', cityCode: d.cityCode });

    // The monitoring program and its zones.
    const monitoringProgram = await program(`monitoring-${randomUUID().slice(0, 6)}`, clock, 250, 100);
    const zoneIds: { id: string; d: District }[] = [];
    for (let i = 0; i < zones; i++) {
      const d = DISTRICTS[i % DISTRICTS.length]!;
      const id = randomUUID();
      const applicant = { level: 'district' as const, cityCode: d.cityCode, districtCode: d.districtCode, unitName: unitNameOf(d, i) };
      await act(id, applicantOf(d), { type: 'CreateCase', data: { caseId: id, programId: monitoringProgram, applicant } });
      await act(id, applicantOf(d), { type: 'SaveApplication', data: { application: applicationFor(applicant.unitName, `zone-${i}`, i) } });
      await act(id, applicantOf(d), { type: 'SubmitCase', data: {} });
      await act(id, cityOf(d), { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
      await act(id, cityOf(d), { type: 'IssueRecommendation', data: { letterNo: `推荐函-${i}`, issuedOn: dateIn(clock), statement: '材料真实' } });
      await act(id, provActor, { type: 'FormPanel', data: { expertIds: experts } });
      for (const e of experts) {
        const scores = Object.fromEntries(GD_BDPZ_2019.rubric.map((c) => [c.id, Math.round(c.max * 0.8 * 10) / 10]));
        await act(id, { userId: `bench-expert-${e}`, role: 'expert', expertId: e }, { type: 'SubmitScores', data: { scores, comment: '' } });
      }
      await act(id, provActor, { type: 'ConcludeExpertReview', data: {} });
      await act(id, provActor, { type: 'ScheduleDefense', data: { scheduledAt: new Date(clock.getTime() + DAY).toISOString(), venue: '省工信厅', panelExpertIds: [experts[0]!] } });
      await act(id, provActor, { type: 'RecordDefenseResult', data: { decision: 'pass', comment: '通过' } });
      await act(id, provActor, { type: 'ScheduleSiteVisit', data: { scheduledAt: new Date(clock.getTime() + DAY).toISOString(), team: ['王五'] } });
      await act(id, provActor, { type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: '良好' } });
      zoneIds.push({ id, d });
    }
    const batches: { batchId: string; ids: string[] }[] = [];
    for (let i = 0; i < zoneIds.length; i += 100) {
      const ids = zoneIds.slice(i, i + 100).map((z) => z.id);
      const { id: batchId } = await call<{ id: string }>('POST', `/programs/${monitoringProgram}/publicity-batches`, province, { caseIds: ids, startsOn: dateIn(tick()) });
      batches.push({ batchId, ids });
    }
    tick(8 * DAY);
    // The in-process scheduler ends the periods too, as the clock passes them: whichever comes first.
    for (const b of batches) for (const id of b.ids) await act(id, provActor, { type: 'EndPublicity', data: { batchId: b.batchId } }).catch(alreadyEnded);
    // Approved about 3 years and 2 months ago: six periods (P6M) have fallen due by now, P7 is next.
    for (const [i, z] of zoneIds.entries()) await act(z.id, provActor, { type: 'GrantApproval', data: { replyLetterNo: `粤工信函〔基准〕${i + 1}号`, repliedOn: dateIn(clock) } });
    log(`zones approved (${Math.round((Date.now() - started) / 1000)} s)`);
    const approvedAt = clock.getTime();
    for (let n = 1; n <= 6; n++) {
      const due = approvedAt + n * 182.5 * DAY;
      clock = new Date(due - 20 * DAY);
      for (const [i, z] of zoneIds.entries()) {
        if (n === 6 && i % 10 === 3) continue; // missing
        if (i % 7 === 1 && n === (i % 6) + 1) continue; // filed late, below
        const invested = Math.round((1000 + (i % 1000)) * 0.14 * n * 100) / 100;
        await act(z.id, applicantOf(z.d), { type: 'FileProgressReport', data: { reportId: randomUUID(), period: `P${n}`, narrative: '进展顺利', indicators: [], projects: [{ seq: 1, investedToDate: invested, status: 'in_progress' }] } });
      }
      clock = new Date(due + 5 * DAY);
      for (const [i, z] of zoneIds.entries()) {
        if (!(i % 7 === 1 && n === (i % 6) + 1)) continue;
        await act(z.id, applicantOf(z.d), { type: 'FileProgressReport', data: { reportId: randomUUID(), period: `P${n}`, narrative: '迟报', indicators: [], projects: [{ seq: 1, investedToDate: 100 * n, status: 'in_progress' }] } });
      }
      if (n === 6) break;
      clock = new Date(due + 30 * DAY);
      for (const [i, z] of zoneIds.entries()) {
        const fail = n === 5 && i % 20 === 5;
        await act(z.id, cityOf(z.d), { type: 'EvaluateProgress', data: { period: `P${n}`, rating: fail ? 'fail' : 'good', comment: '评价' } });
        const rectification = fail ? { rectificationDueOn: dateIn(new Date(realNow + 20 * DAY)) } : {};
        await act(z.id, provActor, { type: 'EvaluateProgress', data: { period: `P${n}`, rating: fail ? 'fail' : 'good', comment: '评价', ...rectification } });
      }
    }
    log(`zones monitored (${Math.round((Date.now() - started) / 1000)} s)`);

    // The searched cases, submitted yesterday (their cityAudit deadlines lie ahead).
    clock = new Date(realNow - DAY);
    step = 1000;
    const searchPrograms: string[] = [];
    const opening: Promise<string>[] = [];
    const searchCases: string[] = new Array<string>(cases);
    let next = 0;
    const loops = Array.from({ length: 16 }, async () => {
      for (;;) {
        const n = next++;
        if (n >= cases) return;
        const p = Math.floor(n / CASES_PER_PROGRAM);
        // The first loop to need a program opens it; the others wait for the same promise.
        opening[p] ??= program(`search-${randomUUID().slice(0, 6)}-${p}`, clock, 5, 2).then((id) => (searchPrograms[p] = id));
        await opening[p];
        const d = DISTRICTS[n % DISTRICTS.length]!;
        const id = randomUUID();
        const applicant = { level: 'district' as const, cityCode: d.cityCode, districtCode: d.districtCode, unitName: unitNameOf(d, Math.floor(n / DISTRICTS.length)) };
        searchCases[n] = id;
        await act(id, applicantOf(d), { type: 'CreateCase', data: { caseId: id, programId: searchPrograms[p]!, applicant } });
        await act(id, applicantOf(d), { type: 'SaveApplication', data: { application: applicationFor(applicant.unitName, `case-${n}`, n) } });
        await act(id, applicantOf(d), { type: 'SubmitCase', data: {} });
        if (n % 1000 === 999) log(`${n + 1} cases (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    });
    await Promise.all(loops);
    return { monitoringProgram, searchPrograms, searchCases, zones, seconds: Math.round((Date.now() - started) / 1000) };
  } finally {
    await app.close();
  }
}
