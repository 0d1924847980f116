/**
 * The read-side e2e scenario: users of every role signed in over HTTP, and two programs with cases in many stages,
 * seeded through the deciders (see case-seeding.ts):
 * - A (Tianhe, Guangzhou): expert review, panel e1–e5, only e1 has scored;
 * - B (Haizhu, Guangzhou): waiting for the city audit, marked overdue;
 * - C (Nanshan, Shenzhen): a draft;
 * - D (Xiangzhou, Zhuhai): publicized in batch b1 with a dismissed objection, approved (batch 1), now monitored;
 * - E (Chancheng, Foshan): awaiting publicity.
 * Program P2 has no case yet.
 */
import { dateIn } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import { ADMIN_PASSWORD } from './test-app';
import type { TestApp } from './test-app';
import { CaseSeeder, completeApplication, scoreSheet } from './case-seeding';
import type { TestClock, Written } from './case-seeding';

export const P = 'p-rs';
export const P2 = 'p-two';
const PASSWORD = 'Read-side-pass-1';

type UserSpec = Omit<Actor, 'userId'>;
export const USERS = {
  prov: { role: 'province' },
  'city-gz': { role: 'city', cityCode: '440100' },
  'city-sz': { role: 'city', cityCode: '440300' },
  'city-zh': { role: 'city', cityCode: '440400' },
  'city-dg': { role: 'city', cityCode: '441900' },
  'app-th': { role: 'applicant', cityCode: '440100', districtCode: '440106' },
  'app-hz': { role: 'applicant', cityCode: '440100', districtCode: '440105' },
  'app-ns': { role: 'applicant', cityCode: '440300', districtCode: '440305' },
  'exp-e1': { role: 'expert', expertId: 'e1' },
  'exp-e2': { role: 'expert', expertId: 'e2' },
  'exp-e9': { role: 'expert', expertId: 'e9' },
} satisfies Record<string, UserSpec>;
export type Username = keyof typeof USERS;

export const party = (cityCode: string, districtCode: string, unitName: string) => ({ level: 'district' as const, cityCode, districtCode, unitName });
export const TIANHE = party('440100', '440106', '广州市天河区人民政府');
const seeded = (userId: string, role: Actor['role'], scope: Omit<Actor, 'userId' | 'role'> = {}): Actor => ({ userId, role, ...scope });
const expert = (id: string) => seeded(`u-${id}`, 'expert', { expertId: id });

export interface ReadSideScenario {
  seed: CaseSeeder;
  tokens: Record<Username | 'admin', string>;
  actors: Record<Username, Actor>;
  /** The instant of A's CaseSubmitted (A was in cityAudit then). */
  afterSubmitA: string;
  /** Creates a case and saves a complete form (a draft). */
  draft(caseId: string, actor: Actor, applicant: ReturnType<typeof party>, programId?: string): Promise<Written>;
}

export async function seedReadSideScenario(t: TestApp, clock: TestClock): Promise<ReadSideScenario> {
  const seed = new CaseSeeder(t.app, clock);
  const tokens = { admin: await t.token('admin', ADMIN_PASSWORD) } as ReadSideScenario['tokens'];
  const actors = {} as ReadSideScenario['actors'];
  for (const [username, spec] of Object.entries(USERS) as [Username, UserSpec][]) {
    const res = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${tokens.admin}`)
      .send({ username, password: PASSWORD, displayName: username, ...spec }).expect(201);
    actors[username] = { userId: res.body.id as string, ...spec };
    tokens[username] = await t.token(username, PASSWORD);
  }

  async function draft(caseId: string, actor: Actor, applicant: ReturnType<typeof party>, programId = P): Promise<Written> {
    await seed.act(programId, caseId, actor, { type: 'CreateCase', data: { caseId, programId, applicant } });
    return seed.act(programId, caseId, actor, { type: 'SaveApplication', data: { application: completeApplication(applicant.unitName) } });
  }
  const submit = (caseId: string, actor: Actor) => seed.act(P, caseId, actor, { type: 'SubmitCase', data: {} });
  async function recommend(caseId: string, city: Actor): Promise<void> {
    await seed.act(P, caseId, city, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
    await seed.act(P, caseId, city, { type: 'IssueRecommendation', data: { letterNo: `${caseId}-推荐函`, issuedOn: dateIn(seed.clock.now()), statement: '材料真实' } });
  }
  /** Panel e3–e7, all scoring 80 %, concluded, defense and site visit passed: awaiting publicity. */
  async function throughReview(caseId: string, prov: Actor): Promise<void> {
    const panel = ['e3', 'e4', 'e5', 'e6', 'e7'];
    await seed.act(P, caseId, prov, { type: 'FormPanel', data: { expertIds: panel } });
    for (const id of panel) await seed.act(P, caseId, expert(id), { type: 'SubmitScores', data: { scores: scoreSheet(0.8), comment: '' } });
    await seed.act(P, caseId, prov, { type: 'ConcludeExpertReview', data: {} });
    await seed.act(P, caseId, prov, { type: 'ScheduleDefense', data: { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e3'] } });
    await seed.act(P, caseId, prov, { type: 'RecordDefenseResult', data: { decision: 'pass', comment: '通过' } });
    await seed.act(P, caseId, prov, { type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-03-25T09:00:00+08:00', team: ['王五'] } });
    await seed.act(P, caseId, prov, { type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: '良好' } });
  }

  const prov = actors.prov;
  await seed.createProgram(P, seeded('u-admin', 'admin'));
  await seed.createProgram(P2, seeded('u-admin', 'admin'));

  await draft('A', actors['app-th'], TIANHE);
  await submit('A', actors['app-th']);
  const afterSubmitA = clock.now().toISOString();
  await recommend('A', actors['city-gz']);
  await seed.act(P, 'A', prov, { type: 'FormPanel', data: { expertIds: ['e1', 'e2', 'e3', 'e4', 'e5'] } });
  await seed.act(P, 'A', actors['exp-e1'], { type: 'SubmitScores', data: { scores: scoreSheet(0.9), comment: '优秀' } });

  await draft('B', actors['app-hz'], party('440100', '440105', '广州市海珠区人民政府'));
  await submit('B', actors['app-hz']);
  await draft('C', actors['app-ns'], party('440300', '440305', '深圳市南山区人民政府'));

  const chancheng = seeded('u-cc', 'applicant', { cityCode: '440600', districtCode: '440604' });
  await draft('E', chancheng, party('440600', '440604', '佛山市禅城区人民政府'));
  await submit('E', chancheng);
  await recommend('E', seeded('u-city-fs', 'city', { cityCode: '440600' }));
  await throughReview('E', prov);

  const xiangzhou = seeded('u-xz', 'applicant', { cityCode: '440400', districtCode: '440402' });
  await draft('D', xiangzhou, party('440400', '440402', '珠海市香洲区人民政府'));
  await submit('D', xiangzhou);
  await recommend('D', actors['city-zh']);
  await throughReview('D', prov);
  await seed.openPublicity(P, 'D', 'b1', prov);
  await seed.act(P, 'D', prov, {
    type: 'RaiseObjection',
    data: { objectionId: 'o1', objector: { kind: 'person', name: '王某', contact: '13700000000' }, summary: '材料不实', receivedOn: dateIn(clock.now()) },
  });
  await seed.act(P, 'D', prov, { type: 'ResolveObjection', data: { objectionId: 'o1', upheld: false, comment: '经核查不成立' } });
  clock.set(new Date(clock.now().getTime() + 8 * 24 * 3600 * 1000));
  await seed.act(P, 'D', prov, { type: 'EndPublicity', data: { batchId: 'b1' } });
  await seed.act(P, 'D', prov, { type: 'GrantApproval', data: { replyLetterNo: '粤工信函〔2019〕9号', repliedOn: dateIn(clock.now()) } });

  await seed.act(P, 'B', prov, (s) => ({ type: 'MarkOverdue', data: { stage: s.stage, entry: s.machine.context.entry, dueAt: clock.now().toISOString() } }));
  return { seed, tokens, actors, afterSubmitA, draft };
}
