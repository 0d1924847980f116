/**
 * Who may do what, over HTTP: one table of every case action and admin endpoint against the five roles, taken from
 * API.md's action table and sections and DOMAIN.md's "Who does what" (admin configures but takes no case action).
 * Each cell sends a valid request — for a case in the stage the action needs, freshly seeded through the deciders
 * (support/stage-seeding.ts), whose applicant, city officer and panel experts are the table's users — and checks:
 * a forbidden role gets 403 FORBIDDEN with the error body, is not offered the action in `allowedActions` and
 * appends nothing; an allowed role is offered the action and succeeds. Without a token every entry is 401.
 * Then scope: a role that may take the action but not on this case (another city, another unit, an expert off the
 * panel) gets 404 NOT_FOUND, and GET /cases lists each caller only its own cases.
 */
import type { Test } from 'supertest';
import { CASE_ACTIONS, caseStream, dateIn, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { Actor, ExpertInfo, ProgramSettings } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { EVENT_STORE } from '@shenbao/host';
import { TestClock, completeApplication, scoreSheet } from './support/case-seeding';
import { CaseHttp } from './support/case-http';
import type { UserSpec } from './support/case-http';
import { PERIOD, StageSeeder } from './support/stage-seeding';
import type { SeededCase, Station, StationCast } from './support/stage-seeding';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

type Role = 'admin' | 'province' | 'city' | 'applicant' | 'expert';
const ROLES: Role[] = ['admin', 'province', 'city', 'applicant', 'expert'];
const A = 'allowed';
type Verdict = typeof A | 403;

/** The table. Columns: admin, province, city, applicant, expert. */
const MATRIX = {
  'POST /cases': [403, 403, A, A, 403],
  'PUT /cases/:id/application': [403, 403, 403, A, 403],
  submit: [403, 403, 403, A, 403],
  withdraw: [403, 403, 403, A, 403],
  'city-audit': [403, 403, A, 403, 403],
  recommendation: [403, 403, A, 403, 403],
  panel: [403, A, 403, 403, 403],
  recusal: [403, 403, 403, 403, A],
  scores: [403, 403, 403, 403, A],
  'expert-review/conclude': [403, A, 403, 403, 403],
  defense: [403, A, 403, 403, 403],
  'defense/result': [403, A, 403, 403, 403],
  'site-visit': [403, A, 403, 403, 403],
  'site-visit/result': [403, A, 403, 403, 403],
  objections: [403, A, 403, 403, 403],
  'objections/:objectionId/resolution': [403, A, 403, 403, 403],
  approval: [403, A, 403, 403, 403],
  'progress-reports': [403, 403, 403, A, 403],
  evaluations: [403, A, A, 403, 403],
  resume: [403, A, 403, 403, 403],
  revoke: [403, A, 403, 403, 403],
  complete: [403, A, 403, 403, 403],
  // Not in API.md (an extra action, 催办): the province, or an officer of a city of the case, presses its holder.
  urge: [403, A, A, 403, 403],
  // API.md "Additions" (issue #15): the paper-copy register, by a city of the case or the province.
  'paper-copies': [403, A, A, 403, 403],
  'POST /users': [A, 403, 403, 403, 403],
  'POST /experts': [A, 403, 403, 403, 403],
  'POST /workflows/:key/versions': [A, 403, 403, 403, 403],
  'POST /programs': [A, 403, 403, 403, 403],
  'POST /programs/:id/publicity-batches': [403, A, 403, 403, 403],
  'GET /programs/:id/dashboard': [A, A, 403, 403, 403],
  // A city sees the zones involving it (test/e2e/search-monitoring.e2e-spec.ts checks which).
  'GET /programs/:id/monitoring': [A, A, A, 403, 403],
  'GET /users': [A, 403, 403, 403, 403],
  'PATCH /users/:id': [A, 403, 403, 403, 403],
  'POST /users/:id/deactivate': [A, 403, 403, 403, 403],
  'POST /users/:id/reactivate': [A, 403, 403, 403, 403],
  'POST /users/:id/password-reset': [A, 403, 403, 403, 403],
  // Every signed-in user, for their own account (each role's spare user, so the table's users keep their tokens).
  // Signing out first: changing the password ends every token of the user.
  'POST /auth/logout': [A, A, A, A, A],
  'POST /users/me/password': [A, A, A, A, A],
  'GET /metrics': [A, 403, 403, 403, 403],
  'PUT /calendar/:year': [A, 403, 403, 403, 403],
  'GET /calendar/:year': [A, A, A, A, A],
} satisfies Record<string, Verdict[]>;
type Entry = keyof typeof MATRIX;

const P = 'p-matrix';
const P_SCOPE = 'p-matrix-scope';
const T0 = new Date('2019-03-01T02:00:00Z');
const TIANHE = { level: 'district' as const, cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' };
const { key: _key, version: _version, ...SHIPPED_WORKFLOW } = GD_BDPZ_2019;
const CALENDAR_2030 = {
  holidays: ['2030-01-01', '2030-05-01', '2030-05-02', '2030-10-01', '2030-10-02', '2030-10-03'],
  adjustedWorkdays: [],
  notice: '国办发明电〔2029〕1号',
};

/**
 * The seeded round with room for every case the table seeds: a wide window, high limits and quota, and no paperwork
 * (the table is about roles; a submission or recommendation refused for a missing scan is paperwork.e2e-spec.ts's).
 */
const { paperwork: _paperwork, ...SEEDED_ROUND } = GD_BDPZ_2019_PROGRAM;
const programSettings = (key: string, limit = 100): ProgramSettings => ({
  ...SEEDED_ROUND,
  key,
  regions: GD_BDPZ_2019_PROGRAM.regions.map((r) => ({ ...r, limit })),
  quota: { min: 1, max: 100 },
  window: { opensOn: '2019-02-27', closesOn: '2019-12-31' },
});

interface Target {
  caseId: string;
  objectionId?: string;
}

/** How to send one entry: the station its case must be at (none for non-case endpoints), the request, its success. */
type Method = 'get' | 'post' | 'put' | 'patch';
interface RequestSpec {
  station?: Station | ((role: Role) => Station);
  success: 200 | 201 | 204;
  /** The `allowedActions` name, for case actions. */
  action?: string;
  /** Sends as another of the role's tokens than the table user's (`h.tokens` key), for requests that end it. */
  tokenOf?: (username: string) => string;
  send(as: (method: Method, path: string, body?: unknown) => Test, c: Target): Test;
}
/** Operations endpoints at the server root, not under /api/v1. */
const ROOT_PATHS = new Set(['/metrics']);
const urlOf = (path: string) => (ROOT_PATHS.has(path) ? path : `/api/v1${path}`);

describe('authorization matrix (e2e)', () => {
  const clock = new TestClock(T0, 60 * 1000);
  let t: TestApp;
  let h: CaseHttp;
  let seeder: StageSeeder;
  let cast: StationCast;
  /** Matrix role → username. */
  const userOf: Record<Role, string> = { admin: 'admin', province: 'prov', city: 'city-gz', applicant: 'app-th', expert: 'exp-1' };
  const actors: Record<string, Actor> = {};
  const pool: ExpertInfo[] = [];
  let nextId = 0;
  const unique = (prefix: string) => `${prefix}-${++nextId}`;
  const today = () => dateIn(clock.now());
  const store = (): EventStore => t.app.get<EventStore>(EVENT_STORE);

  const action = (name: string, station: RequestSpec['station'], body: () => unknown, success: 200 | 201 = 200): RequestSpec => ({
    station,
    success,
    action: name,
    send: (as, c) => as('post', `/cases/${c.caseId}/${name.replace(':objectionId', c.objectionId ?? 'none')}`, body()),
  });
  const REQUESTS: Record<Entry, RequestSpec> = {
    'POST /cases': { success: 201, send: (as) => as('post', '/cases', { programId: P, applicant: TIANHE }) },
    'PUT /cases/:id/application': {
      station: 'draft',
      success: 200,
      action: 'application',
      send: (as, c) => as('put', `/cases/${c.caseId}/application`, completeApplication(TIANHE.unitName)),
    },
    submit: action('submit', 'draft', () => ({})),
    withdraw: action('withdraw', 'draft', () => ({ reason: '区里决定暂缓申报' })),
    'city-audit': action('city-audit', 'cityAudit', () => ({ decision: 'pass', comment: '同意推荐' })),
    recommendation: action('recommendation', 'recommendation', () => ({ letterNo: unique('穗工信函'), issuedOn: today(), statement: '材料真实，同意推荐' })),
    panel: action('panel', 'panelForming', () => ({ expertIds: cast.panel })),
    recusal: action('recusal', 'scoring', () => ({ reason: '曾参与该区规划编制' })),
    scores: action('scores', 'scoring', () => ({ scores: scoreSheet(0.8), comment: '良好' })),
    'expert-review/conclude': action('expert-review/conclude', 'scored', () => ({ comment: '评审通过' })),
    defense: action('defense', 'defense', () => ({ scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅会议室', panelExpertIds: [cast.panel[0]] })),
    'defense/result': action('defense/result', 'defenseScheduled', () => ({ decision: 'pass', score: 85, comment: '答辩通过' })),
    'site-visit': action('site-visit', 'siteVisit', () => ({ scheduledAt: '2019-03-25T09:30:00+08:00', team: ['王处长', '李教授'] })),
    'site-visit/result': action('site-visit/result', 'siteVisitScheduled', () => ({ decision: 'pass', findings: '基础扎实' })),
    objections: action(
      'objections',
      'publicityOpen',
      () => ({ objector: { kind: 'person', name: '王某', contact: '13700000000' }, summary: '申报数据不实', receivedOn: today() }),
      201,
    ),
    'objections/:objectionId/resolution': action('objections/:objectionId/resolution', 'objectionOpen', () => ({ upheld: false, comment: '经核查不成立' })),
    approval: action('approval', 'approval', () => ({ replyLetterNo: unique('粤工信函'), repliedOn: today() })),
    'progress-reports': action('progress-reports', 'progressEvaluation', () => ({
      period: PERIOD,
      narrative: '按计划推进。',
      indicators: [{ name: '政务数据共享率', target: '90%', actual: '75%' }],
      projects: [{ seq: 1, investedToDate: 300.5, status: 'in_progress' }],
    })),
    // The province evaluates a period after every city of the case has.
    evaluations: action('evaluations', (role) => (role === 'province' ? 'cityEvaluated' : 'progressEvaluation'), () => ({ period: PERIOD, rating: 'good', comment: '进展良好' })),
    resume: action('resume', 'cultivation', () => ({ comment: '条件已成熟' })),
    revoke: action('revoke', 'progressEvaluation', () => ({ reason: '弄虚作假' })),
    complete: action('complete', 'progressEvaluation', () => ({ comment: '通过验收' })),
    // In the city audit the case is on the city's own desk, which a city officer may press as well as the province.
    urge: action('urge', 'cityAudit', () => ({ comment: '请尽快审核' })),
    'paper-copies': action('paper-copies', 'cityAudit', () => ({ copies: 5, receivedOn: today(), receiver: '李四' })),
    'POST /users': {
      success: 201,
      send: (as) => as('post', '/users', { username: unique('matrix-user'), password: 'Matrix-pass-1', displayName: '新用户', role: 'province' }),
    },
    'POST /experts': { success: 201, send: (as) => as('post', '/experts', { name: '赵教授', homeCityCode: '440400', employer: '暨南大学', fields: ['大数据'] }) },
    'POST /workflows/:key/versions': {
      success: 201,
      send: (as) => as('post', '/workflows/e2e-matrix-wf/versions', { definition: { ...SHIPPED_WORKFLOW, name: 'matrix' } }),
    },
    'POST /programs': { success: 201, send: (as) => as('post', '/programs', programSettings(unique('e2e-matrix-program'))) },
    'POST /programs/:id/publicity-batches': {
      station: 'awaitingPublicity',
      success: 201,
      send: (as, c) => as('post', `/programs/${P}/publicity-batches`, { caseIds: [c.caseId], startsOn: today() }),
    },
    'GET /programs/:id/dashboard': { success: 200, send: (as) => as('get', `/programs/${P}/dashboard`) },
    'GET /programs/:id/monitoring': { success: 200, send: (as) => as('get', `/programs/${P}/monitoring`) },
    'GET /users': { success: 200, send: (as) => as('get', '/users?role=city') },
    'PATCH /users/:id': { success: 200, send: (as) => as('patch', `/users/${actors['mx-target'].userId}`, { displayName: unique('改名') }) },
    'POST /users/:id/deactivate': { success: 200, send: (as) => as('post', `/users/${actors['mx-active'].userId}/deactivate`, { reason: '调离' }) },
    'POST /users/:id/reactivate': { success: 200, send: (as) => as('post', `/users/${actors['mx-inactive'].userId}/reactivate`, { reason: '返岗' }) },
    'POST /users/:id/password-reset': { success: 200, send: (as) => as('post', `/users/${actors['mx-target'].userId}/password-reset`, {}) },
    'POST /users/me/password': {
      success: 200,
      tokenOf: (username) => `${username}-spare#password`,
      send: (as) => as('post', '/users/me/password', { currentPassword: 'Matrix-pass-1', newPassword: 'Matrix-pass-2' }),
    },
    'POST /auth/logout': { success: 204, tokenOf: (username) => `${username}-spare#logout`, send: (as) => as('post', '/auth/logout') },
    'GET /metrics': { success: 200, send: (as) => as('get', '/metrics') },
    // Publishing the same arrangement again is accepted and appends nothing.
    'PUT /calendar/:year': { success: 200, send: (as) => as('put', '/calendar/2030', CALENDAR_2030) },
    'GET /calendar/:year': { success: 200, send: (as) => as('get', '/calendar/2030') },
  };

  /** A fresh case at the station, for a request that changes it. */
  const fresh = (station: Station): Promise<SeededCase> => seeder.caseAt(station, unique('mx'), cast);
  /** One case per entry for the refused requests, which change nothing. */
  const shared = new Map<Entry, Promise<SeededCase>>();
  const sharedCase = (entry: Entry, station: Station) => {
    if (!shared.has(entry)) shared.set(entry, fresh(station));
    return shared.get(entry)!;
  };
  const asUser = (tokenKey: string) => (method: Method, path: string, body?: unknown) => {
    const req = t.http()[method](urlOf(path)).set('Authorization', `Bearer ${h.tokens[tokenKey]}`);
    return body === undefined ? req : req.send(body as object);
  };
  const revisionOf = (caseId: string) => store().streamRevision(caseStream(caseId));
  const allowedFor = async (username: string, caseId: string): Promise<string[] | null> => {
    const res = await h.call(username, 'get', `/cases/${caseId}`);
    return res.status === 200 ? (res.body.allowedActions as string[]) : null;
  };

  async function register(username: string, spec: UserSpec): Promise<Actor> {
    const res = await h.call('admin', 'post', '/users', { username, password: 'Matrix-pass-1', displayName: username, ...spec }).expect(201);
    h.tokens[username] = await t.token(username, 'Matrix-pass-1');
    return (actors[username] = { userId: res.body.id as string, ...spec });
  }

  beforeAll(async () => {
    t = await bootTestApp({}, { clock: clock.now });
    h = new CaseHttp(t);
    await h.signInAdmin();
    const me = await h.call('admin', 'get', '/users/me').expect(200);
    actors.admin = { userId: me.body.id as string, role: 'admin' };
    await register('prov', { role: 'province' });
    await register('city-gz', { role: 'city', cityCode: '440100' });
    await register('city-sz', { role: 'city', cityCode: '440300' });
    await register('app-th', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
    await register('app-hz', { role: 'applicant', cityCode: '440100', districtCode: '440105' });
    // Six experts from cities no case here comes from: exp-1..5 sit on every seeded panel, exp-out on none.
    for (const [i, home] of ['440400', '440600', '440700', '441200', '441300', '441900'].entries()) {
      const username = i < 5 ? `exp-${i + 1}` : 'exp-out';
      const id = await h.addExpert(username, home);
      pool.push({ id, homeCityCode: home, employer: `${username} 大学` });
    }
    cast = {
      applicant: actors['app-th'] as StationCast['applicant'],
      unitName: TIANHE.unitName,
      city: actors['city-gz'],
      province: actors.prov,
      panel: pool.slice(0, 5).map((e) => e.id),
    };
    // The users the account entries act on, and each role's spare user (two tokens: one to sign out, one to change its password).
    for (const username of ['mx-target', 'mx-active', 'mx-inactive']) await register(username, { role: 'province' });
    await h.call('admin', 'post', `/users/${actors['mx-inactive'].userId}/deactivate`, { reason: '待返岗' }).expect(200);
    const spareSpecs: Record<Role, UserSpec> = {
      admin: { role: 'admin' },
      province: { role: 'province' },
      city: { role: 'city', cityCode: '440100' },
      applicant: { role: 'applicant', cityCode: '440100', districtCode: '440106' },
      expert: { role: 'expert', expertId: h.expertIds['exp-1']! },
    };
    for (const [role, username] of Object.entries(userOf) as [Role, string][]) {
      await register(`${username}-spare`, spareSpecs[role]);
      for (const use of ['logout', 'password']) h.tokens[`${username}-spare#${use}`] = await t.token(`${username}-spare`, 'Matrix-pass-1');
    }
    seeder = new StageSeeder(t.app, clock, P, pool);
    await seeder.createProgram(programSettings('e2e-matrix'), actors.admin);
  });

  afterAll(async () => {
    await t.close();
  });

  const cells = (Object.entries(MATRIX) as [Entry, Verdict[]][]).flatMap(([entry, verdicts]) =>
    ROLES.map((role, i) => ({ entry, role, verdict: verdicts[i] })),
  );

  it('covers every case action of the domain and every role', () => {
    const covered = Object.values(REQUESTS).flatMap((r) => (r.action ? [r.action] : []));
    expect([...covered].sort()).toEqual([...CASE_ACTIONS].sort());
    expect(Object.values(MATRIX).every((row) => row.length === ROLES.length)).toBe(true);
  });

  it.each(cells)('$entry as $role → $verdict', async ({ entry, role, verdict }) => {
    const spec = REQUESTS[entry];
    const username = userOf[role];
    const station = typeof spec.station === 'function' ? spec.station(role) : spec.station;
    let target: Target = { caseId: 'none' };
    if (station) target = verdict === A ? await fresh(station) : await sharedCase(entry, station);
    const before = station ? await revisionOf(target.caseId) : undefined;
    const offered = station && spec.action ? await allowedFor(username, target.caseId) : null;

    const res = await spec.send(asUser(spec.tokenOf?.(username) ?? username), target);

    if (verdict === A) {
      if (spec.action) expect(offered).toContain(spec.action);
      expect({ status: res.status, body: res.body }).toEqual({ status: spec.success, body: expect.anything() });
      return;
    }
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN', message: expect.stringMatching(/\S/) });
    if (offered) expect(offered).not.toContain(spec.action);
    if (station) expect(await revisionOf(target.caseId)).toBe(before);
  });

  it.each(Object.keys(MATRIX) as Entry[])('%s without a token → 401 UNAUTHENTICATED', async (entry) => {
    const anonymous = (method: Method, path: string, body?: unknown) => {
      const req = t.http()[method](urlOf(path));
      return body === undefined ? req : req.send(body as object);
    };
    const res = await REQUESTS[entry].send(anonymous, { caseId: 'any-case', objectionId: 'any-objection' });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'UNAUTHENTICATED', message: expect.stringMatching(/\S/) });
  });

  describe('scope: the right role, not this case', () => {
    beforeAll(async () => {
      const scope = new StageSeeder(t.app, clock, P_SCOPE, pool);
      await scope.createProgram(programSettings('e2e-matrix-scope'), actors.admin);
      await scope.caseAt('scoring', 'scope-th', cast);
      await scope.caseAt('draft', 'scope-hz', { ...cast, applicant: actors['app-hz'] as StationCast['applicant'], unitName: '广州市海珠区人民政府' });
      const nanshan = { userId: 'seeded-ns', role: 'applicant' as const, cityCode: '440300', districtCode: '440305' };
      await scope.caseAt('cityAudit', 'scope-ns', { ...cast, applicant: nanshan, unitName: '深圳市南山区人民政府' });
    });

    it.each<[string, string, 'get' | 'post' | 'put', string, unknown]>([
      ['another city’s officer auditing', 'city-sz', 'post', '/cases/scope-hz/city-audit', { decision: 'pass', comment: '同意' }],
      ['the city officer auditing another city’s case', 'city-gz', 'post', '/cases/scope-ns/city-audit', { decision: 'pass', comment: '同意' }],
      ['the city officer reading another city’s case', 'city-gz', 'get', '/cases/scope-ns', undefined],
      ['another unit’s applicant submitting', 'app-hz', 'post', '/cases/scope-th/submit', {}],
      ['another unit’s applicant withdrawing', 'app-hz', 'post', '/cases/scope-th/withdraw', { reason: '撤回' }],
      ['another unit’s applicant editing the form', 'app-th', 'put', '/cases/scope-hz/application', completeApplication('海珠')],
      ['an expert off the panel scoring', 'exp-out', 'post', '/cases/scope-th/scores', { scores: scoreSheet(0.8), comment: '良好' }],
      ['an expert off the panel recusing', 'exp-out', 'post', '/cases/scope-th/recusal', { reason: '回避' }],
      ['an expert off the panel reading the case', 'exp-out', 'get', '/cases/scope-th', undefined],
      ['an expert reading a case without a panel', 'exp-1', 'get', '/cases/scope-hz/history', undefined],
    ])('%s gets 404 NOT_FOUND (%s)', async (_what, username, method, path, body) => {
      const caseId = path.split('/')[2];
      const before = await revisionOf(caseId);
      const res = await h.call(username, method, path, body);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: expect.stringMatching(/\S/) });
      expect(await revisionOf(caseId)).toBe(before);
    });

    it('refuses creating a case for another city or unit with 403 (no case exists to hide)', async () => {
      const create = (username: string) => h.call(username, 'post', '/cases', { programId: P_SCOPE, applicant: TIANHE });
      expect((await create('city-sz')).body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
      expect((await create('app-hz')).body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
    });

    it.each<[string, string[]]>([
      ['admin', ['scope-hz', 'scope-ns', 'scope-th']],
      ['prov', ['scope-hz', 'scope-ns', 'scope-th']],
      ['city-gz', ['scope-hz', 'scope-th']],
      ['city-sz', ['scope-ns']],
      ['app-th', ['scope-th']],
      ['app-hz', ['scope-hz']],
      ['exp-1', ['scope-th']],
      ['exp-out', []],
    ])('GET /cases shows %s only its cases', async (username, expected) => {
      const head = await store().headPosition();
      const res = await h.call(username, 'get', `/cases?programId=${P_SCOPE}&minPosition=${head}`).expect(200);
      expect((res.body.items as { id: string }[]).map((i) => i.id).sort()).toEqual(expected);
    });
  });
});
