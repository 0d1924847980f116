import { projectionWorld } from '../testing/projection-world.fixture';
import { STAGES } from '@shenbao/workflows';
import type { Db, ProjectionRunner } from '../projection-runner';
import { resolveGd, type EventScript } from '../testing/event-script.fixture';
import {
  GZ,
  PROGRAM,
  SZ,
  ZH,
  caseAApprovedAndReporting,
  caseAInReview,
  caseAReadyForPublicity,
  caseASubmitted,
  caseBResubmittedAndWithdrawn,
  caseBReturned,
  caseCOverdueInReview,
  ce,
} from '../testing/pilot-scenario.fixture';
import { DashboardProjection } from './dashboard.projection';
import { getBatches, getDashboard } from './dashboard.queries';

describe('program dashboard read model', () => {
  const world = projectionWorld(() => new DashboardProjection(resolveGd));
  let db: Db;
  let script: EventScript;
  let runner: ProjectionRunner;
  beforeEach(() => ({ db, script, runner } = world));

  const dashboard = async () => {
    await runner.catchUp();
    return getDashboard(db, PROGRAM)!;
  };

  it('starts with every stage at zero, the cities with their limits and the quota', async () => {
    const d = await dashboard();
    expect(Object.keys(d.funnel)).toEqual([...STAGES]);
    expect(Object.values(d.funnel).every((n) => n === 0)).toBe(true);
    expect(d.cities).toEqual([
      { cityCode: GZ, name: '广州', recommended: 0, limit: 3 },
      { cityCode: SZ, name: '深圳', recommended: 0, limit: 3 },
      { cityCode: ZH, name: '珠海', recommended: 0, limit: 2 },
    ]);
    expect(d.approvals).toEqual({ granted: 0, min: 3, max: 5 });
    expect(d).toMatchObject({ publicityBatches: [], approvalBatches: [], overdue: 0, readyForPublicity: [] });
    expect(getDashboard(db, 'unknown')).toBeUndefined();
  });

  it('counts cases per stage and per city, slots used, and overdue work', async () => {
    await caseASubmitted(script);
    await caseBReturned(script);
    await caseCOverdueInReview(script);
    let d = await dashboard();
    expect(d.funnel).toMatchObject({ draft: 1, cityAudit: 1, expertReview: 1, recommendation: 0 });
    expect(d.funnelByCity[SZ]).toMatchObject({ cityAudit: 1, expertReview: 1, draft: 0 });
    expect(d.funnelByCity[ZH]).toMatchObject({ draft: 1 });
    expect(d.overdue).toBe(1);
    expect(d.overdueByStage.expertReview).toBe(1);

    await caseAInReview(script);
    await caseBResubmittedAndWithdrawn(script);
    d = await dashboard();
    expect(d.funnel).toMatchObject({ draft: 0, cityAudit: 0, expertReview: 2, withdrawn: 1 });
    // C is city-level (no slot); A used one slot in each of its cities.
    expect(d.cities.map((c) => [c.cityCode, c.recommended])).toEqual([[GZ, 1], [SZ, 1], [ZH, 0]]);
  });

  it('counts overdue work by the role that holds it now, which moves as the work does', async () => {
    await caseBReturned(script);
    await caseCOverdueInReview(script);
    // C: overdue while the province forms its panel; B: its draft overdue with the applicant.
    await script.onCase('B', ce('StageOverdueMarked', { stage: 'draft', entry: await script.entryOf('B'), dueAt: '2019-04-20T16:00:00.000Z' }), 'system');
    let d = await dashboard();
    expect(d.overdueByRole).toEqual({ applicant: 1, city: 0, expert: 0, province: 1 });
    expect(d.overdueByStage).toMatchObject({ draft: 1, expertReview: 1 });
    // The panel formed in the same (still overdue) stage entry: the scores are owed by the experts now.
    await script.onCase('C', ce('ExpertPanelFormed', { expertIds: ['e1', 'e2', 'e3'], method: 'chosen' }), 'province');
    d = await dashboard();
    expect(d.overdueByRole).toEqual({ applicant: 1, city: 0, expert: 1, province: 0 });
    // B resubmitted: a new stage entry, no longer overdue.
    await script.onCase('B', ce('CaseSubmitted', { cities: [ZH] }));
    d = await dashboard();
    expect(d.overdueByRole).toEqual({ applicant: 0, city: 0, expert: 1, province: 0 });
    expect(Object.values(d.overdueByRole).reduce((a, b) => a + b, 0)).toBe(d.overdue);
  });

  it('frees a released slot', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await script.onProgram(PROGRAM, { type: 'RecommendationSlotReleased', data: { caseId: 'A', cityCode: SZ, reason: 'withdrawn' } });
    const d = await dashboard();
    expect(d.cities.map((c) => c.recommended)).toEqual([1, 0, 0]);
  });

  it('shows cases ready for publicity, then the publicity and approval batches', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    let d = await dashboard();
    expect(d.readyForPublicity).toEqual(['A']);
    expect(d.funnel.publicity).toBe(1);

    await caseAApprovedAndReporting(script);
    d = await dashboard();
    expect(d.readyForPublicity).toEqual([]);
    expect(d.publicityBatches).toEqual([
      { id: 'b1', caseIds: ['A'], startsAt: '2019-06-20T16:00:00.000Z', endsAt: '2019-06-27T16:00:00.000Z' },
    ]);
    expect(d.approvalBatches).toEqual([{ batchNo: 1, caseIds: ['A'], repliedOn: '2019-07-01' }]);
    expect(d.approvals).toEqual({ granted: 1, min: 3, max: 5 });
    expect(d.funnel.progressEvaluation).toBe(1);
    expect(getBatches(db, PROGRAM)).toEqual({ publicity: d.publicityBatches, approval: d.approvalBatches });
  });

  it('groups approvals recorded with the same batch number', async () => {
    await script.onProgram(PROGRAM, { type: 'ApprovalRecorded', data: { caseId: 'X', batchNo: 1, repliedOn: '2019-07-01' } });
    await script.onProgram(PROGRAM, { type: 'ApprovalRecorded', data: { caseId: 'Y', batchNo: 2, repliedOn: '2019-09-01' } });
    await script.onProgram(PROGRAM, { type: 'ApprovalRecorded', data: { caseId: 'Z', batchNo: 1, repliedOn: '2019-07-01' } });
    await runner.catchUp();
    expect(getBatches(db, PROGRAM).approval).toEqual([
      { batchNo: 1, caseIds: ['X', 'Z'], repliedOn: '2019-07-01' },
      { batchNo: 2, caseIds: ['Y'], repliedOn: '2019-09-01' },
    ]);
  });

  it('counts the open cases from the recommendation on that lack their paper copies (一式五份), until five are received', async () => {
    const received = (caseId: string, copies: number) =>
      script.onCase(caseId, { type: 'PaperCopiesReceived', data: { copies, receivedOn: '2019-03-01', receiver: '李四', recordedBy: { role: 'province' } } }, 'province');
    await caseASubmitted(script);
    await caseCOverdueInReview(script);
    // A is still at the city audit: its copies are not due yet.
    expect((await dashboard()).paperCopies).toEqual({ required: 5, lacking: 1, lackingCaseIds: ['C'] });
    await caseAInReview(script);
    expect((await dashboard()).paperCopies).toEqual({ required: 5, lacking: 2, lackingCaseIds: ['A', 'C'] });
    await received('A', 3);
    expect((await dashboard()).paperCopies.lackingCaseIds).toEqual(['A', 'C']);
    await received('A', 2);
    expect((await dashboard()).paperCopies).toEqual({ required: 5, lacking: 1, lackingCaseIds: ['C'] });
  });
});
