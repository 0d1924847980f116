/**
 * What the fuzz suite runs against: a user of every role, an expert pool, a case at every station of the
 * gd-bdpz-2019 lifecycle (seeded through the deciders, so every action has a case it may apply to), and a valid
 * body for each route whose schema alone rarely yields one, for hostile values to be spliced into.
 */
import { GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { Actor, ExpertInfo, Role } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { completeApplication, scoreSheet } from './case-seeding';
import type { TestClock } from './case-seeding';
import { CaseHttp, TIANHE } from './case-http';
import { PERIOD, StageSeeder, STATIONS } from './stage-seeding';
import type { Station } from './stage-seeding';
import type { TestApp } from './test-app';

export const FUZZ_PASSWORD = 'Fuzz-pass-123';

/** The signed-in users of each role. */
export const USERS: Record<Role, string[]> = {
  admin: ['admin'],
  province: ['prov'],
  city: ['city-gz'],
  applicant: ['app-th', 'app-hz'],
  expert: ['exp-0', 'exp-1'],
};

export interface FuzzWorld {
  h: CaseHttp;
  programId: string;
  /** Ids that exist, by the first path segment under /api/v1 that names them (`cases`, `programs`, …). */
  known: Record<string, string[]>;
  objectionIds: string[];
  /** A valid body by `METHOD path` (OpenAPI path). */
  bodies: Record<string, unknown>;
}

export async function buildFuzzWorld(t: TestApp, clock: TestClock): Promise<FuzzWorld> {
  const h = new CaseHttp(t);
  await h.signInAdmin();
  const actors: Record<string, Actor & { cityCode?: string; districtCode?: string }> = {};
  const register = async (username: string, spec: { role: Role; cityCode?: string; districtCode?: string; expertId?: string }) => {
    const res = await h.call('admin', 'post', '/users', { username, password: FUZZ_PASSWORD, displayName: username, ...spec }).expect(201);
    h.tokens[username] = await t.token(username, FUZZ_PASSWORD);
    actors[username] = { userId: res.body.id as string, ...spec };
  };
  await register('prov', { role: 'province' });
  await register('city-gz', { role: 'city', cityCode: '440100' });
  await register('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
  await register('app-hz', { role: 'applicant', cityCode: '440100', districtCode: '440105' });
  // The seeded workflow's panel is five experts, none from Guangzhou.
  const pool: ExpertInfo[] = [];
  for (const [i, home] of ['440400', '440600', '440700', '440800', '440900'].entries()) {
    const res = await h.call('admin', 'post', '/experts', { name: `exp-${i}`, homeCityCode: home, employer: `${i} 大学`, fields: ['大数据'] }).expect(201);
    pool.push({ id: res.body.id as string, homeCityCode: home, employer: `${i} 大学` });
    await register(`exp-${i}`, { role: 'expert', expertId: pool[i].id });
  }
  // The seeded round with room for every case: high limits and quota, a wide window.
  const programId = 'fuzz-program';
  const seeder = new StageSeeder(t.app, clock, programId, pool);
  await seeder.createProgram({
    ...GD_BDPZ_2019_PROGRAM,
    key: 'fuzz-round',
    regions: GD_BDPZ_2019_PROGRAM.regions.map((r) => ({ ...r, limit: 100 })),
    quota: { min: 1, max: 100 },
    window: { opensOn: '2019-02-27', closesOn: '2019-12-31' },
  }, { userId: 'system', role: 'admin' });
  const cast = {
    applicant: actors['app-th'] as Actor & { cityCode: string; districtCode: string },
    unitName: TIANHE.unitName,
    city: actors['city-gz'],
    province: actors.prov,
    panel: pool.map((e) => e.id),
  };
  const cases: string[] = [];
  const objectionIds: string[] = [];
  for (const station of [...STATIONS, 'cultivation'] as Station[]) {
    const seeded = await seeder.caseAt(station, `fz-${station}`, cast);
    cases.push(seeded.caseId);
    if (seeded.objectionId) objectionIds.push(seeded.objectionId);
  }
  // The accounts a request may change (deactivate, reset, edit): spares, never the users the run acts as, whose
  // sessions and passwords must last the run.
  const users: string[] = [];
  for (const role of ['applicant', 'city', 'province'] as const) {
    const spec = role === 'province' ? {} : role === 'city' ? { cityCode: '440300' } : { cityCode: '440300', districtCode: '440305' };
    const res = await h.call('admin', 'post', '/users', { username: `spare-${role}`, password: FUZZ_PASSWORD, displayName: `spare-${role}`, role, ...spec }).expect(201);
    users.push(res.body.id as string);
  }
  return {
    h,
    programId,
    known: { cases, programs: [programId, await h.programIdOf('gd-bdpz-2019')], users, experts: pool.map((e) => e.id) },
    objectionIds,
    bodies: validBodies(programId, cases, pool.map((e) => e.id)),
  };
}

function validBodies(programId: string, cases: string[], experts: string[]): Record<string, unknown> {
  const { key: _key, version: _version, ...definition } = GD_BDPZ_2019;
  const action = (name: string) => `POST /api/v1/cases/{id}/${name}`;
  const today = '2019-03-01';
  return {
    'POST /api/v1/cases': { programId, applicant: TIANHE },
    'PUT /api/v1/cases/{id}/application': completeApplication(TIANHE.unitName),
    [action('submit')]: {},
    [action('withdraw')]: { reason: '区里决定暂缓申报' },
    [action('city-audit')]: { decision: 'pass', comment: '同意推荐' },
    [action('recommendation')]: { letterNo: '穗工信函-1', issuedOn: today, statement: '材料真实，同意推荐' },
    [action('panel')]: { expertIds: experts },
    [action('recusal')]: { reason: '曾参与该区规划编制' },
    [action('scores')]: { scores: scoreSheet(0.8), comment: '良好' },
    [action('expert-review/conclude')]: { comment: '评审通过' },
    [action('defense')]: { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅会议室', panelExpertIds: [experts[0]] },
    [action('defense/result')]: { decision: 'pass', score: 85, comment: '答辩通过' },
    [action('site-visit')]: { scheduledAt: '2019-03-25T09:30:00+08:00', team: ['王处长', '李教授'] },
    [action('site-visit/result')]: { decision: 'pass', findings: '基础扎实' },
    [action('objections')]: { objector: { kind: 'person', name: '王某', contact: '13700000000' }, summary: '申报数据不实', receivedOn: today },
    [action('objections/{objectionId}/resolution')]: { upheld: false, comment: '经核查不成立', returnTo: 'expertReview' },
    [action('approval')]: { replyLetterNo: '粤工信函-1', repliedOn: today },
    [action('progress-reports')]: {
      period: PERIOD,
      narrative: '按计划推进。',
      indicators: [{ name: '政务数据共享率', target: '90%', actual: '75%' }],
      projects: [{ seq: 1, investedToDate: 300.5, status: 'in_progress' }],
    },
    [action('evaluations')]: { period: PERIOD, rating: 'fail', comment: '进展缓慢', rectificationDueOn: '2019-12-31' },
    [action('resume')]: { comment: '条件已成熟' },
    [action('revoke')]: { reason: '弄虚作假' },
    [action('complete')]: { comment: '通过验收' },
    [action('urge')]: { comment: '请尽快审核' },
    'POST /api/v1/programs/{id}/publicity-batches': { caseIds: [cases[STATIONS.indexOf('awaitingPublicity')]], startsOn: today, duration: 'P7D', unit: 'working' },
    'POST /api/v1/workflows/{key}/versions': { definition },
    'POST /api/v1/programs': { ...GD_BDPZ_2019_PROGRAM, key: 'fuzz-program' },
    'POST /api/v1/users': { username: 'fuzz-user', password: FUZZ_PASSWORD, displayName: 'F', role: 'applicant', cityCode: '440100', districtCode: '440106' },
    'POST /api/v1/experts': { name: '赵教授', homeCityCode: '440400', employer: '暨南大学', fields: ['大数据'] },
    'POST /api/v1/auth/login': { username: 'app-th', password: FUZZ_PASSWORD },
  };
}
