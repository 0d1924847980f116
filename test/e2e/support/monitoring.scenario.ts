/**
 * The search-and-monitoring e2e scenario, seeded through the deciders with the lifecycle fixture (lifecycle.ts) on a
 * test clock:
 * - Y 广州市海珠区 and Z 珠海市香洲区: submitted 2019-03-01, through review and publicity, approved on 2019-03-20
 *   at 10:00 and 10:10 Shanghai time (so P1 is due 2019-09-20, P2 2020-03-20, P2 missed from 2020-04-04);
 *   both file P1 on 2019-09-01; Y files P2 on 2020-03-10 (on time), Z on 2020-03-25 (late, inside the grace); the
 *   city and the province rate Z's P2 fail, the province orders a rectification due 2020-04-20;
 * - A 广州市天河区 jointly with 深圳市南山区 (partner): submitted 2019-03-05, waiting in cityAudit;
 * - C 深圳市南山区: a draft, never submitted.
 * The clock stands at 2020-03-26 when the scenario ends. Created in the order Y, Z, A, C.
 */
import type { Actor } from '@shenbao/domain';
import type { TestApp } from './test-app';
import { CaseSeeder } from './case-seeding';
import type { TestClock } from './case-seeding';
import { castOf, driveTo, registerUsers } from './lifecycle';
import type { StationCast } from './lifecycle';

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
  const { tokens, actors } = await registerUsers(t, USERS, PASSWORD);
  const prov = actors.prov;
  const gzApplicant = seeded('u-hz', 'applicant', { cityCode: '440100', districtCode: '440105' });
  const zhApplicant = seeded('u-xz', 'applicant', { cityCode: '440400', districtCode: '440402' });
  const act = seed.act.bind(seed, PROGRAM);
  const castY = castOf(gzApplicant, party('440100', '440105', '广州市海珠区人民政府'), actors['city-gz'], prov);
  const castZ = castOf(zhApplicant, party('440400', '440402', '珠海市香洲区人民政府'), actors['city-zh'], prov);
  /** Submitted, through review, defense and site visit, and into a publicity batch of its own (seven days). */
  const throughReview = (caseId: string, cast: StationCast) => driveTo(seed, PROGRAM, caseId, 'publicityOpen', cast, { from: 'draft', publicityDays: 7 });
  const report = (caseId: string, applicant: Actor, period: string, investedToDate: number) =>
    act(caseId, applicant, {
      type: 'FileProgressReport',
      data: { reportId: `${caseId}-${period}`, period, narrative: '进展顺利', indicators: [], projects: [{ seq: 1, investedToDate, status: 'in_progress' }] },
    });

  await seed.createProgram(PROGRAM, seeded('u-admin', 'admin'));
  await seed.createProgram(OTHER_PROGRAM, seeded('u-admin', 'admin'));
  await driveTo(seed, PROGRAM, IDS.Y, 'draft', castY);
  await driveTo(seed, PROGRAM, IDS.Z, 'draft', castZ);
  await throughReview(IDS.Y, castY);
  await throughReview(IDS.Z, castZ);

  clock.set(new Date('2019-03-05T02:00:00Z'));
  const castA = castOf(actors['app-th'], party('440100', '440106', '广州市天河区人民政府'), actors['city-gz'], prov);
  await driveTo(seed, PROGRAM, IDS.A, 'cityAudit', { ...castA, partners: [party('440300', '440305', '深圳市南山区人民政府')] });
  const nanshan = seeded('u-ns', 'applicant', { cityCode: '440300', districtCode: '440305' });
  await driveTo(seed, PROGRAM, IDS.C, 'draft', castOf(nanshan, party('440300', '440305', '深圳市南山区人民政府'), actors['city-sz'], prov));

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
