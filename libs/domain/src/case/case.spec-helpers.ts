/**
 * Given / when / then for the case decider: `given(...events).when(command, actor).then(caseEvents, programEvents)`
 * or `.thenError(code)`. `given` takes case and program events in one list (told apart by type) so a spec reads as
 * the history of both streams. Fixtures: the 2019 program and workflow, a few actors and an expert pool.
 */
import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import { DomainError, type DomainErrorCode } from '../errors';
import type { ProgramEvent } from '../program/program.events';
import { GD_BDPZ_2019_PROGRAM } from '../program/program.seed';
import { foldProgram, type ProgramState } from '../program/program.state';
import { completeApplication } from '../rules/application.fixture';
import type { Actor } from '../shared/actor';
import { caseActionNamed, commandFromRequest } from './actions';
import type { CaseCommand } from './case.commands';
import { decideCase, type CaseDecision } from './case.decider';
import type { CaseEvent } from './case.events';
import type { CaseDecideContext, ExpertInfo } from './case.guards';
import { foldCase, type CaseFold } from './case.state';

const PROGRAM_EVENT_TYPES: readonly string[] = [
  'ProgramCreated', 'CaseRegistered', 'RecommendationSlotUsed', 'RecommendationSlotReleased', 'CaseClosed', 'PublicityBatchOpened', 'ApprovalRecorded',
  'RecommendationLetterRecorded', 'ProgramWindowClosing', 'ProgramWindowClosed',
] satisfies ProgramEvent['type'][];
const isProgramEvent = (e: CaseEvent | ProgramEvent): e is ProgramEvent => PROGRAM_EVENT_TYPES.includes(e.type);

export const PROGRAM_ID = 'p1';
export const CASE_ID = 'c1';
/** In the 2019 window (2019-03-15 10:00 in Shanghai). */
export const IN_WINDOW = new Date('2019-03-15T02:00:00Z');
export const programCreated: ProgramEvent = { type: 'ProgramCreated', data: { programId: PROGRAM_ID, ...GD_BDPZ_2019_PROGRAM } };

export const actors = {
  tianhe: { userId: 'u-th', role: 'applicant', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' },
  haizhu: { userId: 'u-hz', role: 'applicant', cityCode: '440100', districtCode: '440105' },
  nanshan: { userId: 'u-ns', role: 'applicant', cityCode: '440300', districtCode: '440305' },
  dongguanDept: { userId: 'u-dg', role: 'applicant', cityCode: '441900' },
  guangzhou: { userId: 'u-gz', role: 'city', cityCode: '440100' },
  shenzhen: { userId: 'u-sz', role: 'city', cityCode: '440300' },
  zhuhai: { userId: 'u-zh', role: 'city', cityCode: '440400' },
  province: { userId: 'u-prov', role: 'province' },
  admin: { userId: 'u-admin', role: 'admin' },
  e1: { userId: 'u-e1', role: 'expert', expertId: 'e1' },
  e2: { userId: 'u-e2', role: 'expert', expertId: 'e2' },
  e6: { userId: 'u-e6', role: 'expert', expertId: 'e6' },
} satisfies Record<string, Actor>;
export const expert = (id: string): Actor => ({ userId: `u-${id}`, role: 'expert', expertId: id });

/** e1–e7 have no tie to Guangzhou or Shenzhen; gz1 lives in Guangzhou; th1 works for the Tianhe government. */
export const POOL: ExpertInfo[] = [
  ...['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'].map((id) => ({ id, homeCityCode: '440400', employer: `${id} 大学` })),
  { id: 'gz1', homeCityCode: '440100', employer: '中山大学' },
  { id: 'th1', homeCityCode: '440600', employer: '广州市天河区人民政府' },
  { id: 'old', homeCityCode: '440600', employer: '退休', retired: true },
];

// ---- histories -------------------------------------------------------------------------------------------------
const tianhe = { level: 'district' as const, cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' };
export const created: (CaseEvent | ProgramEvent)[] = [
  programCreated,
  {
    type: 'CaseCreated',
    data: { caseId: CASE_ID, programId: PROGRAM_ID, workflow: { key: 'gd-bdpz-2019', version: 1 }, applicant: tianhe, partners: [], cities: ['440100'], createdBy: 'u-th' },
  },
  { type: 'CaseRegistered', data: { caseId: CASE_ID, level: 'district', cityCode: '440100', districtCode: '440106', cities: ['440100'] } },
];
/**
 * A sealed scan the seeded program's paperwork asks for: the applicant's 申报书 before submitting, a city's 推荐函
 * before it recommends.
 */
export const scanned = (kind: 'sealedApplication' | 'recommendationLetter', cityCode = '440100'): CaseEvent => ({
  type: 'AttachmentAdded',
  data: {
    attachmentId: `scan-${kind}-${cityCode}`, kind, name: `${kind}.pdf`, size: 1000, mediaType: 'application/pdf', sha256: 'cd'.repeat(32),
    uploadedBy: kind === 'sealedApplication' ? { userId: 'u-th', role: 'applicant' } : { userId: `u-${cityCode}`, role: 'city', cityCode },
  },
});
export const drafted = [...created, { type: 'ApplicationSaved', data: { application: completeApplication() } } as CaseEvent, scanned('sealedApplication')];
export const inCityAudit = [...drafted, { type: 'CaseSubmitted', data: { cities: ['440100'] } } as CaseEvent];
export const inRecommendation = [...inCityAudit, { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '' } } as CaseEvent, scanned('recommendationLetter')];
export const inExpertReview: (CaseEvent | ProgramEvent)[] = [
  ...inRecommendation,
  { type: 'RecommendationIssued', data: { cityCode: '440100', letterNo: '穗工信函〔2019〕1号', issuedOn: '2019-04-01', statement: '材料真实' } },
  { type: 'RecommendationSlotUsed', data: { caseId: CASE_ID, cityCode: '440100' } },
];
export const PANEL = ['e1', 'e2', 'e3', 'e4', 'e5'];
export const panelFormed = [...inExpertReview, { type: 'ExpertPanelFormed', data: { expertIds: PANEL, method: 'chosen' } } as CaseEvent];
/** Each criterion scored at `points` × its maximum. */
export const sheet = (points: number): Record<string, number> =>
  Object.fromEntries(GD_BDPZ_2019.rubric.map((c) => [c.id, Math.round(c.max * points * 10) / 10]));
export const scored = (expertId: string, fraction: number): CaseEvent => ({
  type: 'ScoresSubmitted',
  data: { expertId, scores: sheet(fraction), total: Math.round(100 * fraction * 10) / 10, comment: '' },
});
export const allScored = [...panelFormed, ...PANEL.map((id) => scored(id, 0.8))];
export const inDefense = [...allScored, { type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 80, threshold: 70 } } as CaseEvent];
export const defenseScheduled = [...inDefense, { type: 'DefenseScheduled', data: { scheduledAt: '2019-06-01T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e1'] } } as CaseEvent];
export const inSiteVisit = [...defenseScheduled, { type: 'DefenseResultRecorded', data: { decision: 'pass', comment: '' } } as CaseEvent];
export const siteVisitScheduled = [...inSiteVisit, { type: 'SiteVisitScheduled', data: { scheduledAt: '2019-07-01T09:00:00+08:00', team: ['王五'] } } as CaseEvent];
export const awaitingPublicity = [...siteVisitScheduled, { type: 'SiteVisitResultRecorded', data: { decision: 'pass', findings: '良好' } } as CaseEvent];
export const BATCH = { batchId: 'b1', startsAt: '2019-08-01T00:00:00+08:00', endsAt: '2019-08-08T00:00:00+08:00' };
export const inPublicity: (CaseEvent | ProgramEvent)[] = [
  ...awaitingPublicity,
  { type: 'PublicityBatchOpened', data: { ...BATCH, caseIds: [CASE_ID] } },
  { type: 'PublicityStarted', data: { ...BATCH } },
];
export const DURING_PUBLICITY = new Date('2019-08-03T02:00:00Z');
export const AFTER_PUBLICITY = new Date('2019-08-08T01:00:00Z');
export const inApproval = [...inPublicity, { type: 'PublicityEnded', data: { batchId: 'b1' } } as CaseEvent];
export const inMonitoring: (CaseEvent | ProgramEvent)[] = [
  ...inApproval,
  { type: 'ApprovalGranted', data: { replyLetterNo: '粤工信函〔2019〕9号', repliedOn: '2019-09-01', batchNo: 1 } },
  { type: 'ApprovalRecorded', data: { caseId: CASE_ID, batchNo: 1, repliedOn: '2019-09-01' } },
];
export const inCultivation = [...allScored, { type: 'ExpertReviewConcluded', data: { outcome: 'defer', score: 80, threshold: 70 } } as CaseEvent];

// ---- given / when / then ---------------------------------------------------------------------------------------
export interface WhenOptions {
  now?: Date;
  definition?: WorkflowDefinition;
  experts?: ExpertInfo[];
}

export interface Scenario {
  caseState: CaseFold;
  program: ProgramState;
  definition: WorkflowDefinition;
  when(command: CaseCommand, actor: Actor, options?: WhenOptions): Outcome;
}

export interface Outcome {
  then(caseEvents: CaseEvent[], programEvents?: ProgramEvent[]): void;
  thenError(code: DomainErrorCode): DomainError;
  /** The decision, failing the spec when the command was refused. */
  decision(): CaseDecision;
}

export function given(...history: (CaseEvent | ProgramEvent)[]): Scenario & { withDefinition(def: WorkflowDefinition): Scenario } {
  const build = (definition: WorkflowDefinition): Scenario => {
    const caseEvents = history.filter((e): e is CaseEvent => !isProgramEvent(e));
    const program = foldProgram(history.filter(isProgramEvent));
    if (!program) throw new Error('given(): the history needs a ProgramCreated event');
    const caseState = foldCase(definition, caseEvents);
    return {
      caseState,
      program,
      definition,
      when(command, actor, options = {}) {
        const ctx: CaseDecideContext = { actor, now: options.now ?? IN_WINDOW, definition: options.definition ?? definition, program, experts: options.experts ?? POOL };
        let result: CaseDecision | undefined;
        let error: unknown;
        try {
          result = decideCase(command, caseState, ctx);
        } catch (e) {
          error = e;
        }
        return {
          then(expectedCase, expectedProgram = []) {
            expect(error).toBeUndefined();
            expect(result).toEqual({ caseEvents: expectedCase, programEvents: expectedProgram });
          },
          thenError(code) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe(code);
            return error as DomainError;
          },
          decision() {
            expect(error).toBeUndefined();
            return result!;
          },
        };
      },
    };
  };
  return { ...build(GD_BDPZ_2019), withDefinition: build };
}

// ---- requests --------------------------------------------------------------------------------------------------
const EXTRAS = { newId: () => 'new-id', newSeed: () => 'new-seed' };

/** The command an action's request body asks for (as the API builds it), failing the spec when the body is refused. */
export function requested(action: string, body: unknown, params: Record<string, string> = {}): CaseCommand {
  const def = caseActionNamed(action);
  if (!def) throw new Error(`No registered action ${action}`);
  return commandFromRequest(def, body, { params, ...EXTRAS }) as CaseCommand;
}

/** The VALIDATION_FAILED error of a refused request body; fails the spec when the body is accepted. */
export function refusedBody(action: string, body: unknown): DomainError {
  let error: unknown;
  try {
    requested(action, body);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('VALIDATION_FAILED');
  return error as DomainError;
}
