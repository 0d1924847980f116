/**
 * Drives cases over HTTP for the case e2e suites: named users (created through POST /users and signed in), experts
 * (POST /experts), and one-call steps through the lifecycle (`toRecommendation`, `throughExpertReview`, …) that
 * assert every response, so a suite reads as the path it takes. Uses the routes only; nothing is seeded directly.
 * `bootCaseWorld` boots an app on a test clock with the suite's users and experts: the setup every case suite shares.
 */
import type { Response, Test } from 'supertest';
import type { AppOverrides } from '@shenbao/host';
import { dateIn } from '@shenbao/domain';
import type { Actor, ExpertInfo, Role } from '@shenbao/domain';
import { pdfFile, upload } from './attachment-files';
import { completeApplication, scoreSheet } from './case-seeding';
import type { TestClock } from './case-seeding';
import { ADMIN_PASSWORD, bootTestApp } from './test-app';
import type { TestApp } from './test-app';

export const PASSWORD = 'Case-e2e-pass-1';
export const API = '/api/v1';

export interface UserSpec {
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
}

export interface Party {
  level: 'district' | 'city';
  cityCode: string;
  districtCode?: string;
  unitName: string;
}

/** The district most suites apply for: 广州市天河区. */
export const TIANHE: Party = { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' };

export interface CaseRef {
  id: string;
  applicant: string;
  city: string;
  party: Party;
  programId: string;
}

type Method = 'get' | 'post' | 'put' | 'patch';

export class CaseHttp {
  readonly tokens: Record<string, string> = {};
  /** username → expert pool id, for expert users. */
  readonly expertIds: Record<string, string> = {};

  constructor(readonly t: TestApp) {}

  /**
   * The same users (their tokens, the experts' ids) on another app: a second process or replica on the same log and
   * JWT secret, where their tokens work too.
   */
  on(t: TestApp): CaseHttp {
    const other = new CaseHttp(t);
    Object.assign(other.tokens, this.tokens);
    Object.assign(other.expertIds, this.expertIds);
    return other;
  }

  async signInAdmin(): Promise<void> {
    this.tokens.admin = await this.t.token('admin', ADMIN_PASSWORD);
  }

  async addUser(username: string, spec: UserSpec): Promise<void> {
    await this.call('admin', 'post', '/users', { username, password: PASSWORD, displayName: username, ...spec }).expect(201);
    this.tokens[username] = await this.t.token(username, PASSWORD);
  }

  /** An expert in the pool and a user signed in as that expert. */
  async addExpert(username: string, homeCityCode: string, employer = `${username} 大学`): Promise<string> {
    const res = await this.call('admin', 'post', '/experts', { name: username, homeCityCode, employer, fields: ['大数据'] }).expect(201);
    const expertId = res.body.id as string;
    await this.addUser(username, { role: 'expert', expertId });
    this.expertIds[username] = expertId;
    return expertId;
  }

  /** The user as the deciders see it (GET /users/me): to seed commands in that user's name. */
  async actorOf(user: string): Promise<Actor & { cityCode: string; districtCode: string }> {
    const res = await this.call(user, 'get', '/users/me').expect(200);
    return { userId: res.body.id, role: res.body.role, cityCode: res.body.cityCode, districtCode: res.body.districtCode };
  }

  call(user: string, method: Method, path: string, body?: unknown, headers: Record<string, string> = {}): Test {
    let req = this.t.http()[method](`${API}${path}`).set('Authorization', `Bearer ${this.tokens[user]}`);
    for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
    return body === undefined ? req : req.send(body as object);
  }

  /** `POST /cases/:id/<action>`. */
  act(user: string, caseId: string, action: string, body: unknown = {}, headers: Record<string, string> = {}): Test {
    return this.call(user, 'post', `/cases/${caseId}/${action}`, body, headers);
  }

  async programIdOf(key: string): Promise<string> {
    const res = await this.call('admin', 'get', '/programs').expect(200);
    const program = (res.body.items as { id: string; key: string }[]).find((p) => p.key === key);
    if (!program) throw new Error(`no program ${key}`);
    return program.id;
  }

  async createCase(applicant: string, city: string, party: Party, programId: string): Promise<CaseRef> {
    const res = await this.call(applicant, 'post', '/cases', { programId, applicant: party }).expect(201);
    expect(res.body).toMatchObject({ id: expect.any(String), stage: 'draft', revision: 0 });
    return { id: res.body.id as string, applicant, city, party, programId };
  }

  async saveApplication(c: CaseRef): Promise<Response> {
    return this.call(c.applicant, 'put', `/cases/${c.id}/application`, completeApplication(c.party.unitName)).expect(200);
  }

  /**
   * Attaches the sealed scan the seeded program's paperwork asks for (a small PDF): the applicant's 申报书
   * (`sealedApplication`) before submitting, a city's 推荐函 (`recommendationLetter`) before recommending.
   */
  async attachScan(user: string, caseId: string, kind: 'sealedApplication' | 'recommendationLetter'): Promise<void> {
    const res = await upload(this, user, caseId, kind, pdfFile(`${kind}.pdf`, `${caseId} ${user}`));
    if (res.status !== 201) throw new Error(`attach ${kind} to ${caseId} as ${user}: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Created, filled in, its sealed scan attached and submitted. */
  async submitted(applicant: string, city: string, party: Party, programId: string): Promise<CaseRef> {
    const c = await this.createCase(applicant, city, party, programId);
    await this.saveApplication(c);
    await this.attachScan(applicant, c.id, 'sealedApplication');
    await this.expectStage(this.act(applicant, c.id, 'submit'), 'cityAudit');
    return c;
  }

  /** …and passed by the city audit, the city's sealed letter scan attached: ready for the recommendation. */
  async toRecommendation(applicant: string, city: string, party: Party, programId: string): Promise<CaseRef> {
    const c = await this.submitted(applicant, city, party, programId);
    await this.expectStage(this.act(city, c.id, 'city-audit', { decision: 'pass', comment: '同意' }), 'recommendation');
    await this.attachScan(city, c.id, 'recommendationLetter');
    return c;
  }

  recommend(c: CaseRef): Test {
    return this.act(c.city, c.id, 'recommendation', { letterNo: `推荐函-${c.id.slice(0, 8)}`, issuedOn: '2019-03-01', statement: '材料真实，同意推荐' });
  }

  /** Panel chosen from `experts` (usernames), every one scoring `fraction` of each maximum, then concluded. */
  async throughExpertReview(c: CaseRef, experts: string[], next: string, fraction = 0.8): Promise<void> {
    await this.expectStage(this.act('prov', c.id, 'panel', { expertIds: experts.map((u) => this.expertIds[u]) }), 'expertReview');
    for (const u of experts) await this.expectStage(this.act(u, c.id, 'scores', { scores: scoreSheet(fraction), comment: '意见' }), 'expertReview');
    await this.expectStage(this.act('prov', c.id, 'expert-review/conclude', { comment: '评审通过' }), next);
  }

  async throughDefenseAndSiteVisit(c: CaseRef, defenseExpert: string): Promise<void> {
    const defense = { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅会议室', panelExpertIds: [this.expertIds[defenseExpert]] };
    await this.expectStage(this.act('prov', c.id, 'defense', defense), 'defense');
    await this.expectStage(this.act('prov', c.id, 'defense/result', { decision: 'pass', score: 85, comment: '答辩通过' }), 'siteVisit');
    await this.expectStage(this.act('prov', c.id, 'site-visit', { scheduledAt: '2019-03-25T09:30:00+08:00', team: ['王处长', '李教授'] }), 'siteVisit');
    await this.expectStage(this.act('prov', c.id, 'site-visit/result', { decision: 'pass', findings: '基础扎实' }), 'publicity');
  }

  /** A publicity batch of these cases starting today; returns the batch. */
  async openPublicity(programId: string, caseIds: string[], today: Date): Promise<{ id: string; startsAt: string; endsAt: string }> {
    const res = await this.call('prov', 'post', `/programs/${programId}/publicity-batches`, { caseIds, startsOn: dateIn(today) }).expect(201);
    return res.body as { id: string; startsAt: string; endsAt: string };
  }

  /** Sends the request and checks the action answered 200 with that stage and an ETag of its revision. */
  async expectStage(req: Test, stage: string): Promise<Response> {
    const res = await req;
    if (res.status !== 200) throw new Error(`expected 200 ${stage}, got ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body).toMatchObject({ caseId: expect.any(String), revision: expect.any(Number), position: expect.any(Number), stage });
    expect(res.headers.etag).toBe(`"${res.body.revision as number}"`);
    return res;
  }
}

/** The officers most case suites start with: the province, Guangzhou's and Shenzhen's city officers. */
export const OFFICERS: Readonly<Record<'prov' | 'city-gz' | 'city-sz', UserSpec>> = {
  prov: { role: 'province' },
  'city-gz': { role: 'city', cityCode: '440100' },
  'city-sz': { role: 'city', cityCode: '440300' },
};

/** An applicant user of a district (a Party, or its codes). */
export const applicantIn = (p: { cityCode: string; districtCode?: string }): UserSpec => ({ role: 'applicant', cityCode: p.cityCode, districtCode: p.districtCode });

export interface CaseWorldSpec {
  /** Environment of the app (REDIS_URL, PROJECTIONS, …). */
  env?: Record<string, string>;
  /** Overrides besides the clock. */
  overrides?: AppOverrides;
  /** Users created in this order (username → spec), after the admin signed in. */
  users?: Record<string, UserSpec>;
  /** Experts of the pool, created after the users in this order: username → home city code. */
  experts?: Record<string, string>;
}

export interface CaseWorld {
  t: TestApp;
  h: CaseHttp;
  /** The shipped program gd-bdpz-2019. */
  programId: string;
  /** The experts created, as the deciders see them (for seeding with the same pool). */
  pool: ExpertInfo[];
}

/** An app on `clock` with the admin signed in and the suite's users and experts created and signed in. */
export async function bootCaseWorld(clock: TestClock, spec: CaseWorldSpec = {}): Promise<CaseWorld> {
  const t = await bootTestApp(spec.env ?? {}, { ...spec.overrides, clock: clock.now });
  const h = new CaseHttp(t);
  await h.signInAdmin();
  for (const [username, user] of Object.entries(spec.users ?? {})) await h.addUser(username, user);
  const pool: ExpertInfo[] = [];
  for (const [username, homeCityCode] of Object.entries(spec.experts ?? {})) {
    pool.push({ id: await h.addExpert(username, homeCityCode), homeCityCode, employer: `${username} 大学` });
  }
  return { t, h, programId: await h.programIdOf('gd-bdpz-2019'), pool };
}
