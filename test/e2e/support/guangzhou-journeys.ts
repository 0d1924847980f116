/**
 * Shared seeding journeys for deadline tests: a Guangzhou district case taken into cityAudit, or all the way to
 * publicity.awaiting, through the deciders and the app's CommandRunner (CaseSeeder) in program `programId`.
 * Actors: the province officer `u-prov`, Guangzhou's city officer `u-gz`, one applicant per district, experts e3–e7.
 */
import { dateIn } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import { completeApplication, scoreSheet } from './case-seeding';
import type { CaseSeeder } from './case-seeding';

export const prov: Actor = { userId: 'u-prov', role: 'province' };
export const cityGz: Actor = { userId: 'u-gz', role: 'city', cityCode: '440100' };
export const DISTRICTS: Record<string, string> = { '440103': '荔湾', '440104': '越秀', '440105': '海珠', '440106': '天河' };
export const applicantOf = (districtCode: string): Actor => ({ userId: `u-${districtCode}`, role: 'applicant', cityCode: '440100', districtCode });

/** Created, form saved and submitted: in cityAudit. Returns the submission's position. */
export async function seedInCityAudit(seed: CaseSeeder, programId: string, caseId: string, districtCode: string): Promise<number> {
  const applicant = applicantOf(districtCode);
  const unitName = `广州市${DISTRICTS[districtCode]}区人民政府`;
  await seed.act(programId, caseId, applicant, {
    type: 'CreateCase',
    data: { caseId, programId, applicant: { level: 'district', cityCode: '440100', districtCode, unitName } },
  });
  await seed.act(programId, caseId, applicant, { type: 'SaveApplication', data: { application: completeApplication(unitName) } });
  return (await seed.act(programId, caseId, applicant, { type: 'SubmitCase', data: {} })).position;
}

/** Recommended, reviewed, defended and visited: awaiting publicity. */
export async function seedAwaitingPublicity(seed: CaseSeeder, programId: string, caseId: string, districtCode: string): Promise<void> {
  const P = programId;
  await seedInCityAudit(seed, P, caseId, districtCode);
  await seed.act(P, caseId, cityGz, { type: 'AuditCase', data: { decision: 'pass', comment: '同意推荐' } });
  await seed.act(P, caseId, cityGz, { type: 'IssueRecommendation', data: { letterNo: `${caseId}-推荐函`, issuedOn: dateIn(seed.clock.now()), statement: '材料真实' } });
  const panel = ['e3', 'e4', 'e5', 'e6', 'e7'];
  await seed.act(P, caseId, prov, { type: 'FormPanel', data: { expertIds: panel } });
  for (const id of panel) {
    await seed.act(P, caseId, { userId: `u-${id}`, role: 'expert', expertId: id }, { type: 'SubmitScores', data: { scores: scoreSheet(0.8), comment: '' } });
  }
  await seed.act(P, caseId, prov, { type: 'ConcludeExpertReview', data: {} });
  await seed.act(P, caseId, prov, { type: 'ScheduleDefense', data: { scheduledAt: '2019-03-20T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e3'] } });
  await seed.act(P, caseId, prov, { type: 'RecordDefenseResult', data: { decision: 'pass', comment: '通过' } });
  await seed.act(P, caseId, prov, { type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-03-25T09:00:00+08:00', team: ['王五'] } });
  await seed.act(P, caseId, prov, { type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: '良好' } });
}
