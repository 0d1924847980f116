/**
 * The read-side e2e scenario: users of every role signed in over HTTP, and two programs with cases in many stages,
 * seeded through the deciders with the lifecycle fixture (lifecycle.ts):
 * - A (Tianhe, Guangzhou): expert review, panel e1–e5, only e1 has scored;
 * - B (Haizhu, Guangzhou): waiting for the city audit, marked overdue;
 * - C (Nanshan, Shenzhen): a draft;
 * - D (Xiangzhou, Zhuhai): publicized in batch b1 with a dismissed objection, approved (batch 1), now monitored;
 * - E (Chancheng, Foshan): awaiting publicity.
 * Program P2 has no case yet.
 */
import { dateIn } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import type { TestApp } from './test-app';
import { CaseSeeder, scoreSheet } from './case-seeding';
import type { TestClock, Written } from './case-seeding';
import { castOf, driveTo, registerUsers } from './lifecycle';
import type { MainStation, Station, StationCast } from './lifecycle';

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
  const { tokens, actors } = await registerUsers(t, USERS, PASSWORD);
  const prov = actors.prov;
  const drive = (caseId: string, station: Station, cast: StationCast, from?: MainStation, programId = P) => driveTo(seed, programId, caseId, station, cast, { from });

  async function draft(caseId: string, actor: Actor, applicant: ReturnType<typeof party>, programId = P): Promise<Written> {
    return (await drive(caseId, 'draft', castOf(actor, applicant, actors['city-gz'], prov), undefined, programId)).written!;
  }

  await seed.createProgram(P, seeded('u-admin', 'admin'));
  await seed.createProgram(P2, seeded('u-admin', 'admin'));

  const castA = castOf(actors['app-th'], TIANHE, actors['city-gz'], prov);
  await drive('A', 'cityAudit', castA);
  const afterSubmitA = clock.now().toISOString();
  await drive('A', 'panelForming', castA, 'cityAudit');
  await seed.act(P, 'A', prov, { type: 'FormPanel', data: { expertIds: ['e1', 'e2', 'e3', 'e4', 'e5'] } });
  await seed.act(P, 'A', actors['exp-e1'], { type: 'SubmitScores', data: { scores: scoreSheet(0.9), comment: '优秀' } });

  await drive('B', 'cityAudit', castOf(actors['app-hz'], party('440100', '440105', '广州市海珠区人民政府'), actors['city-gz'], prov));
  await drive('C', 'draft', castOf(actors['app-ns'], party('440300', '440305', '深圳市南山区人民政府'), actors['city-sz'], prov));

  const chancheng = seeded('u-cc', 'applicant', { cityCode: '440600', districtCode: '440604' });
  await drive('E', 'awaitingPublicity', castOf(chancheng, party('440600', '440604', '佛山市禅城区人民政府'), seeded('u-city-fs', 'city', { cityCode: '440600' }), prov));

  const xiangzhou = seeded('u-xz', 'applicant', { cityCode: '440400', districtCode: '440402' });
  await drive('D', 'awaitingPublicity', castOf(xiangzhou, party('440400', '440402', '珠海市香洲区人民政府'), actors['city-zh'], prov));
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
