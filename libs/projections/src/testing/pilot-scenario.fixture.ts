/**
 * A scripted program with three cases, split into steps so specs can look at the read models in between:
 * - A: Tianhe (广州天河) jointly with Nanshan (深圳南山), from draft all the way to progress evaluation;
 * - B: Xiangzhou (珠海香洲), returned for revision, resubmitted, then withdrawn;
 * - C: Shenzhen city-level, recommended, stuck in expert review and marked overdue.
 */
import type { CaseEvent, ProgramEvent } from '@shenbao/domain';
import type { EventScript } from './event-script.fixture';

export const PROGRAM = 'p1';
export const GZ = '440100';
export const SZ = '440300';
export const ZH = '440400';

type CaseData<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>['data'];
type ProgramData<T extends ProgramEvent['type']> = Extract<ProgramEvent, { type: T }>['data'];

export const ce = <T extends CaseEvent['type']>(type: T, data: CaseData<T>): CaseEvent => ({ type, data }) as CaseEvent;
const pe = <T extends ProgramEvent['type']>(type: T, data: ProgramData<T>): ProgramEvent => ({ type, data }) as ProgramEvent;

export async function createProgram(s: EventScript): Promise<void> {
  await s.onProgram(
    PROGRAM,
    pe('ProgramCreated', {
      programId: PROGRAM,
      key: 'gd-bdpz-2019',
      name: '广东省大数据综合试验区 2019',
      workflow: { key: 'gd-bdpz-2019', version: 1 },
      regions: [
        { cityCode: GZ, name: '广州', limit: 3, districts: [{ code: '440106', name: '天河' }] },
        { cityCode: SZ, name: '深圳', limit: 3, districts: [{ code: '440305', name: '南山' }] },
        { cityCode: ZH, name: '珠海', limit: 2, districts: [{ code: '440402', name: '香洲' }] },
      ],
      tasks: [{ code: 'T1', name: '政务数据统筹整合' }],
      minTasks: 6,
      quota: { min: 3, max: 5 },
      window: { opensOn: '2019-02-27', closesOn: '2019-04-26' },
      targetDate: '2020-12-31',
      paperwork: { sealedApplicationBeforeSubmit: true, recommendationLetterScan: true, paperCopies: 5 },
    }),
  );
}

/** A case created in draft (its CaseCreated and the program's CaseRegistered). */
export async function create(
  s: EventScript,
  caseId: string,
  applicant: CaseData<'CaseCreated'>['applicant'],
  partners: CaseData<'CaseCreated'>['partners'],
  createdBy: string,
): Promise<void> {
  const cities = [...new Set([applicant.cityCode, ...partners.map((p) => p.cityCode)])];
  await s.atomic(
    [
      {
        stream: `case-${caseId}`,
        event: ce('CaseCreated', {
          caseId,
          programId: PROGRAM,
          workflow: { key: 'gd-bdpz-2019', version: 1 },
          applicant,
          partners,
          cities,
          createdBy,
        }),
      },
      {
        stream: `program-${PROGRAM}`,
        event: pe('CaseRegistered', {
          caseId,
          level: applicant.level,
          cityCode: applicant.cityCode,
          ...(applicant.districtCode ? { districtCode: applicant.districtCode } : {}),
          cities,
        }),
      },
    ],
    'applicant',
  );
}

const recommend = (s: EventScript, caseId: string, cityCode: string) =>
  s.atomic(
    [
      {
        stream: `case-${caseId}`,
        event: ce('RecommendationIssued', { cityCode, letterNo: `${cityCode}-1`, issuedOn: '2019-04-20', statement: 'ok' }),
      },
      { stream: `program-${PROGRAM}`, event: pe('RecommendationSlotUsed', { caseId, cityCode }) },
    ],
    'city',
  );

/** A: created and submitted, now in cityAudit awaiting both cities. */
export async function caseASubmitted(s: EventScript): Promise<void> {
  await create(
    s,
    'A',
    { level: 'district', cityCode: GZ, districtCode: '440106', unitName: '天河区人民政府' },
    [{ cityCode: SZ, districtCode: '440305', unitName: '南山区人民政府' }],
    'u-tianhe',
  );
  await s.onCase('A', ce('CaseSubmitted', { cities: [GZ, SZ] }));
}

/** A: audited by both cities, recommended by both, panel formed (e1, e2, e3); e3 recused and replaced by e4. */
export async function caseAInReview(s: EventScript): Promise<void> {
  await s.onCase('A', ce('CityAuditPassed', { cityCode: GZ, comment: 'ok' }), 'city');
  await s.onCase('A', ce('CityAuditPassed', { cityCode: SZ, comment: 'ok' }), 'city');
  await recommend(s, 'A', GZ);
  await recommend(s, 'A', SZ);
  await s.onCase('A', ce('ExpertPanelFormed', { expertIds: ['e1', 'e2', 'e3'], method: 'chosen' }), 'province');
  await s.onCase('A', ce('ExpertRecused', { expertId: 'e3', reason: 'same employer' }), 'expert');
  await s.onCase('A', ce('ExpertReplaced', { recusedExpertId: 'e3', expertId: 'e4', method: 'chosen' }), 'province');
  await s.onCase('A', ce('ScoresSubmitted', { expertId: 'e1', scores: { basis: 16 }, total: 80, comment: 'good' }), 'expert');
}

/** A: remaining scores, concluded, defense and site visit passed: ready for publicity. */
export async function caseAReadyForPublicity(s: EventScript): Promise<void> {
  for (const expertId of ['e2', 'e4']) {
    await s.onCase('A', ce('ScoresSubmitted', { expertId, scores: { basis: 16 }, total: 78, comment: 'fine' }), 'expert');
  }
  await s.onCase('A', ce('ExpertReviewConcluded', { outcome: 'pass', score: 79, threshold: 70 }), 'province');
  await s.onCase('A', ce('DefenseScheduled', { scheduledAt: '2019-06-01T02:00:00Z', venue: '省厅', panelExpertIds: ['e1'] }), 'province');
  await s.onCase('A', ce('DefenseResultRecorded', { decision: 'pass', comment: 'ok' }), 'province');
  await s.onCase('A', ce('SiteVisitScheduled', { scheduledAt: '2019-06-10T02:00:00Z', team: ['e2'] }), 'province');
  await s.onCase('A', ce('SiteVisitResultRecorded', { decision: 'pass', findings: 'ok' }), 'province');
}

/** A: publicized (with a dismissed objection), approved in batch 1, one report filed and evaluated by both cities. */
export async function caseAApprovedAndReporting(s: EventScript): Promise<void> {
  const window = { startsAt: '2019-06-20T16:00:00.000Z', endsAt: '2019-06-27T16:00:00.000Z' };
  await s.atomic([
    { stream: `program-${PROGRAM}`, event: pe('PublicityBatchOpened', { batchId: 'b1', caseIds: ['A'], ...window }) },
    { stream: 'case-A', event: ce('PublicityStarted', { batchId: 'b1', ...window }) },
  ]);
  const objector = { kind: 'person' as const, name: '张三', contact: '13800000000' };
  await s.onCase('A', ce('ObjectionRaised', { objectionId: 'o1', objector, summary: 'x', receivedOn: '2019-06-22' }), 'province');
  await s.onCase('A', ce('ObjectionResolved', { objectionId: 'o1', upheld: false, comment: 'unfounded' }), 'province');
  await s.onCase('A', ce('PublicityEnded', { batchId: 'b1' }), 'system');
  await s.atomic([
    { stream: 'case-A', event: ce('ApprovalGranted', { replyLetterNo: '粤工信函〔2019〕1号', repliedOn: '2019-07-01', batchNo: 1 }) },
    { stream: `program-${PROGRAM}`, event: pe('ApprovalRecorded', { caseId: 'A', batchNo: 1, repliedOn: '2019-07-01' }) },
  ]);
  await s.onCase(
    'A',
    ce('ProgressReportFiled', { reportId: 'r1', period: '2019H2', narrative: 'n', indicators: [], projects: [] }),
  );
  await s.onCase('A', ce('ProgressEvaluated', { period: '2019H2', level: 'city', cityCode: GZ, rating: 'good', comment: 'ok' }), 'city');
  await s.onCase('A', ce('ProgressEvaluated', { period: '2019H2', level: 'city', cityCode: SZ, rating: 'good', comment: 'ok' }), 'city');
}

export async function caseAProvinceEvaluated(s: EventScript): Promise<void> {
  await s.onCase('A', ce('ProgressEvaluated', { period: '2019H2', level: 'province', rating: 'good', comment: 'ok' }), 'province');
}

/** B: submitted, then returned for revision by Zhuhai. */
export async function caseBReturned(s: EventScript): Promise<void> {
  await create(s, 'B', { level: 'district', cityCode: ZH, districtCode: '440402', unitName: '香洲区人民政府' }, [], 'u-xiangzhou');
  await s.onCase('B', ce('CaseSubmitted', { cities: [ZH] }));
  await s.onCase('B', ce('CaseReturnedForRevision', { cityCode: ZH, comment: '补充材料' }), 'city');
}

/** B: resubmitted, then withdrawn (the program stream records the closure). */
export async function caseBResubmittedAndWithdrawn(s: EventScript): Promise<void> {
  await s.onCase('B', ce('CaseSubmitted', { cities: [ZH] }));
  await s.atomic(
    [
      { stream: 'case-B', event: ce('CaseWithdrawn', { reason: '不再申报', fromStage: 'cityAudit' }) },
      { stream: `program-${PROGRAM}`, event: pe('CaseClosed', { caseId: 'B', outcome: 'withdrawn' }) },
    ],
    'applicant',
  );
}

/** C: Shenzhen city-level, audited and recommended (a city-level case uses no district slot), then overdue in review. */
export async function caseCOverdueInReview(s: EventScript): Promise<void> {
  await create(s, 'C', { level: 'city', cityCode: SZ, unitName: '深圳市工业和信息化局' }, [], 'u-shenzhen');
  await s.onCase('C', ce('CaseSubmitted', { cities: [SZ] }));
  await s.onCase('C', ce('CityAuditPassed', { cityCode: SZ, comment: 'ok' }), 'city');
  await s.onCase('C', ce('RecommendationIssued', { cityCode: SZ, letterNo: 'SZ-9', issuedOn: '2019-04-21', statement: 'ok' }), 'city');
  const entry = await s.entryOf('C');
  await s.onCase('C', ce('StageOverdueMarked', { stage: 'expertReview', entry, dueAt: '2019-05-20T16:00:00.000Z' }), 'system');
}

/** Everything above, in an interleaved order. */
export async function fullScenario(s: EventScript): Promise<void> {
  await createProgram(s);
  await caseASubmitted(s);
  await caseBReturned(s);
  await caseAInReview(s);
  await caseCOverdueInReview(s);
  await caseBResubmittedAndWithdrawn(s);
  await caseAReadyForPublicity(s);
  await caseAApprovedAndReporting(s);
  await caseAProvinceEvaluated(s);
}
