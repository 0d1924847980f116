/**
 * The search-and-monitoring e2e scenario, seeded through the deciders (case-seeding.ts) on a test clock:
 * - Y 广州市海珠区 and Z 珠海市香洲区: submitted 2019-03-01, through review and publicity, approved on 2019-03-20
 *   at 10:00 and 10:10 Shanghai time (so P1 is due 2019-09-20, P2 2020-03-20, P2 missed from 2020-04-04);
 *   both file P1 on 2019-09-01; Y files P2 on 2020-03-10 (on time), Z on 2020-03-25 (late, inside the grace); the
 *   city and the province rate Z's P2 fail, the province orders a rectification due 2020-04-20;
 * - A 广州市天河区 jointly with 深圳市南山区 (partner): submitted 2019-03-05, waiting in cityAudit;
 * - C 深圳市南山区: a draft, never submitted.
 * The clock stands at 2020-03-26 when the scenario ends. Created in the order Y, Z, A, C.
 */
import { dateIn } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import { ADMIN_PASSWORD } from './test-app';
import type { TestApp } from './test-app';
import { CaseSeeder, completeApplication, scoreSheet } from './case-seeding';
import type { TestClock } from './case-seeding';

export const PROGRAM = 'p-monitor';
export const OTHER_PROGRAM = 'p-other';
export const IDS = { Y: 'gd-2019-hz', Z: 'gd-2019-xz', A: 'gd-2019-th', C: 'gd-2019-ns' } as const;
export const PASSWORD = 'Monitor-pass-2019';

export const USERS = {
  prov: { role: 'province' },
  'city-gz': { role: 'city', cityCode: '440100' },
  'city-sz': { role: 'city', cityCode: '440300' },
  'city-zh': { role: 'city', cityCode: '440400' },
  'app-th': { role: 'applicant', cityCode: '440100', districtCode: '440106' },
  'exp-e1': { role: 'expert', expertId: 'e1' },
} satisfies Record<string, Omit<Actor, 'userId'>>;
export type Username = keyof typeof USERS | 'admin';

const party = (cityCode: string, districtCode: string, unitName: string) => ({ level: 'district' as const, cityCode, districtCode, unitName });
const seeded = (userId: string, role: Actor['role'], scope: Omit<Actor, 'userId' | 'role'> = {}): Actor => ({ userId, role, ...scope });

export async function seedMonitoringScenario(t: TestApp, clock: TestClock): Promise<Record<Username, string>> {
  const seed = new CaseSeeder(t.app, clock);
  const tokens = { admin: await t.token('admin', ADMIN_PASSWORD) } as Record<Username, string>;
  const actors = {} as Record<keyof typeof USERS, Actor>;
  for (const [username, spec] of Object.entries(USERS) as [keyof typeof USERS, Omit<Actor, 'userId'>][]) {
    const res = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${tokens.admin}`)
      .send({ username, password: PASSWORD, displayName: username, ...spec }).expect(201);
    actors[username] = { userId: res.body.id as string, ...spec };
    tokens[username] = await t.token(username, PASSWORD);
  }
  const prov = actors.prov;
  const gzApplicant = seeded('u-hz', 'applicant', { cityCode: '440100', districtCode: '440105' });
  const zhApplicant = seeded('u-xz', 'applicant', { cityCode: '440400', districtCode: '440402' });
  const act = seed.act.bind(seed, PROGRAM);

  async function draft(caseId: string, actor: Actor, applicant: ReturnType<typeof party>, partners: ReturnType<typeof party>[] = []): Promise<void> {
    await act(caseId, actor, { type: 'CreateCase', data: { caseId, programId: PROGRAM, applicant, partners } });
    await act(caseId, actor, { type: 'SaveApplication', data: { application: completeApplication(applicant.unitName) } });
  }
  async function throughReview(caseId: string, applicant: Actor, city: Actor): Promise<void> {
    await act(caseId, applicant, { type: 'SubmitCase', data: {} });
    await act(caseId, city, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
    await act(caseId, city, { type: 'IssueRecommendation', data: { letterNo: `${caseId}-推荐函`, issuedOn: dateIn(clock.now()), statement: '材料真实' } });
    const panel = ['e3', 'e4', 'e5', 'e6', 'e7'];
    await act(caseId, prov, { type: 'FormPanel', data: { expertIds: panel } });
    for (const id of panel) await act(caseId, seeded(`u-${id}`, 'expert', { expertId: id }), { type: 'SubmitScores', data: { scores: scoreSheet(0.8), comment: '' } });
    await act(caseId, prov, { type: 'ConcludeExpertReview', data: {} });
    await act(caseId, prov, { type: 'ScheduleDefense', data: { scheduledAt: '2019-03-10T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e3'] } });
    await act(caseId, prov, { type: 'RecordDefenseResult', data: { decision: 'pass', comment: '通过' } });
    await act(caseId, prov, { type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-03-12T09:00:00+08:00', team: ['王五'] } });
    await act(caseId, prov, { type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: '良好' } });
    await seed.openPublicity(PROGRAM, caseId, `b-${caseId}`, prov);
  }
  const report = (caseId: string, applicant: Actor, period: string, investedToDate: number) =>
    act(caseId, applicant, {
      type: 'FileProgressReport',
      data: { reportId: `${caseId}-${period}`, period, narrative: '进展顺利', indicators: [], projects: [{ seq: 1, investedToDate, status: 'in_progress' }] },
    });

  await seed.createProgram(PROGRAM, seeded('u-admin', 'admin'));
  await seed.createProgram(OTHER_PROGRAM, seeded('u-admin', 'admin'));
  await draft(IDS.Y, gzApplicant, party('440100', '440105', '广州市海珠区人民政府'));
  await draft(IDS.Z, zhApplicant, party('440400', '440402', '珠海市香洲区人民政府'));
  await throughReview(IDS.Y, gzApplicant, actors['city-gz']);
  await throughReview(IDS.Z, zhApplicant, actors['city-zh']);

  clock.set(new Date('2019-03-05T02:00:00Z'));
  await draft(IDS.A, actors['app-th'], party('440100', '440106', '广州市天河区人民政府'), [party('440300', '440305', '深圳市南山区人民政府')]);
  await act(IDS.A, actors['app-th'], { type: 'SubmitCase', data: {} });
  await draft(IDS.C, seeded('u-ns', 'applicant', { cityCode: '440300', districtCode: '440305' }), party('440300', '440305', '深圳市南山区人民政府'));

  clock.set(new Date('2019-03-20T01:30:00Z'));
  await act(IDS.Y, prov, { type: 'EndPublicity', data: { batchId: `b-${IDS.Y}` } });
  await act(IDS.Z, prov, { type: 'EndPublicity', data: { batchId: `b-${IDS.Z}` } });
  await act(IDS.Y, prov, { type: 'GrantApproval', data: { replyLetterNo: '粤工信函〔2019〕20号', repliedOn: '2019-03-20' } }); // 10:00
  await act(IDS.Z, prov, { type: 'GrantApproval', data: { replyLetterNo: '粤工信函〔2019〕21号', repliedOn: '2019-03-20' } }); // 10:10

  clock.set(new Date('2019-09-01T02:00:00Z'));
  await report(IDS.Y, gzApplicant, 'P1', 300);
  await report(IDS.Z, zhApplicant, 'P1', 200);
  clock.set(new Date('2020-03-10T02:00:00Z'));
  await report(IDS.Y, gzApplicant, 'P2', 600.25);
  clock.set(new Date('2020-03-25T02:00:00Z'));
  await report(IDS.Z, zhApplicant, 'P2', 400);
  clock.set(new Date('2020-03-26T02:00:00Z'));
  await act(IDS.Z, actors['city-zh'], { type: 'EvaluateProgress', data: { period: 'P2', rating: 'fail', comment: '进度滞后' } });
  await act(IDS.Z, prov, { type: 'EvaluateProgress', data: { period: 'P2', rating: 'fail', comment: '限期整改', rectificationDueOn: '2020-04-20' } });
  return tokens;
}
