/**
 * One district case of the seeded gd-bdpz-2019 program driven over HTTP from draft through every stage to approval
 * and progress evaluation, on a test clock inside the 2019 window, plus the side paths: return and resubmit, reject,
 * withdraw releasing a recommendation slot, an upheld objection sending a case back, defer → cultivation → resume.
 */
import { caseStream, dateIn } from '@shenbao/domain';
import type { Actor } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { CaseCommandService, StreamLoader } from '@shenbao/commands';
import { EVENT_STORE } from '@shenbao/host';
import { TestClock, completeApplication } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import type { TestApp } from './support/test-app';

/** Friday 2019-03-01, 10:00 in Guangzhou. */
const T0 = new Date('2019-03-01T02:00:00Z');
const DAY = 24 * 3600 * 1000;
const SYSTEM: Actor = { userId: 'system', role: 'province' };

const gz = (districtCode: string, unitName: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName });
const TIANHE = gz('440106', '广州市天河区人民政府');
const HAIZHU = gz('440105', '广州市海珠区人民政府');
const YUEXIU = gz('440104', '广州市越秀区人民政府');
const BAIYUN = gz('440111', '广州市白云区人民政府');
const HUANGPU = gz('440112', '广州市黄埔区人民政府');
const LIWAN = gz('440103', '广州市荔湾区人民政府');
const NANSHAN: Party = { level: 'district', cityCode: '440300', districtCode: '440305', unitName: '深圳市南山区人民政府' };

describe('case lifecycle (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  const panel = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];

  const stageOf = async (caseId: string) => {
    const loaded = await t.app.get(StreamLoader).loadCase(caseId);
    return { stage: loaded?.state.stage, substate: loaded?.state.substate };
  };
  const recommendedIn = async (cityCode: string): Promise<number> => {
    const res = await h.call('applicant-th', 'get', `/programs/${programId}`).expect(200);
    return (res.body.cities as { cityCode: string; recommended: number }[]).find((c) => c.cityCode === cityCode)!.recommended;
  };
  /** Through expert review, defense and site visit into a publicity batch starting today. */
  const toPublicity = async (c: CaseRef) => {
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.throughExpertReview(c, panel, 'defense');
    await h.throughDefenseAndSiteVisit(c, 'exp-1');
    return h.openPublicity(programId, [c.id], clock.now());
  };

  beforeAll(async () => {
    const applicants = Object.entries({ th: TIANHE, hz: HAIZHU, yx: YUEXIU, by: BAIYUN, hp: HUANGPU, lw: LIWAN, ns: NANSHAN });
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: { ...OFFICERS, ...Object.fromEntries(applicants.map(([name, p]) => [`applicant-${name}`, applicantIn(p)])) },
      // Five experts from cities no case here comes from, and one from Guangzhou that recusal rules keep off GZ panels.
      experts: { 'exp-1': '440400', 'exp-2': '440600', 'exp-3': '440700', 'exp-4': '441200', 'exp-5': '441300', 'exp-gz': '440100' },
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('seeds the gd-bdpz-2019 program, readable by every role', async () => {
    const res = await h.call('applicant-th', 'get', `/programs/${programId}`).expect(200);
    expect(res.body).toMatchObject({
      id: programId,
      key: 'gd-bdpz-2019',
      workflow: { key: 'gd-bdpz-2019', version: 1 },
      minTasks: 6,
      quota: { min: 3, max: 5 },
      window: { opensOn: '2019-02-27', closesOn: '2019-04-26' },
      approvals: { granted: 0, min: 3, max: 5 },
    });
    expect(res.body.cities).toContainEqual({ cityCode: '440100', name: '广州', limit: 3, recommended: 0, remaining: 3 });
    await h.call('exp-1', 'get', '/programs').expect(200);
  });

  it('drives a district case from draft to approval and progress evaluation', async () => {
    const c = await h.createCase('applicant-th', 'city-gz', TIANHE, programId);

    const saved = await h.expectStage(h.call('applicant-th', 'put', `/cases/${c.id}/application`, completeApplication(TIANHE.unitName), { 'If-Match': '"0"' }), 'draft');
    expect(saved.body.revision).toBe(1);
    await h.attachScan('applicant-th', c.id, 'sealedApplication');
    await h.expectStage(h.act('applicant-th', c.id, 'submit'), 'cityAudit');
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '同意推荐' }), 'recommendation');
    await h.attachScan('city-gz', c.id, 'recommendationLetter');
    await h.expectStage(h.recommend(c), 'expertReview');
    expect(await recommendedIn('440100')).toBe(1);

    // A drawn panel: the Guangzhou expert is excluded for the conflict, the seed generated and recorded.
    await h.expectStage(h.act('prov', c.id, 'panel', { draw: 5 }), 'expertReview');
    const events = await t.app.get<EventStore>(EVENT_STORE).readStream(caseStream(c.id));
    const formed = events.find((e) => e.type === 'ExpertPanelFormed')!.data as { expertIds: string[]; method: string; draw: { seed: string; excluded: { expertId: string }[] } };
    expect(formed.method).toBe('drawn');
    expect(formed.draw.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(formed.draw.excluded.map((x) => x.expertId)).toContain(h.expertIds['exp-gz']);
    expect([...formed.expertIds].sort()).toEqual(panel.map((u) => h.expertIds[u]).sort());

    for (const u of panel) await h.expectStage(h.act(u, c.id, 'scores', { scores: { basis: 16, plan: 16, tasks: 16, investment: 12, policy: 8, innovation: 12 }, comment: '良好' }), 'expertReview');
    await h.expectStage(h.act('prov', c.id, 'expert-review/conclude', {}), 'defense');
    await h.throughDefenseAndSiteVisit(c, 'exp-2');
    expect(await stageOf(c.id)).toEqual({ stage: 'publicity', substate: 'awaiting' });

    const batch = await h.openPublicity(programId, [c.id], clock.now());
    expect(batch).toMatchObject({ startsAt: clock.now().toISOString(), endsAt: new Date(T0.getTime() + 7 * DAY).toISOString() });
    expect(await stageOf(c.id)).toEqual({ stage: 'publicity', substate: 'open' });

    // An objection within the period, dismissed.
    const objection = await h.act('prov', c.id, 'objections', {
      objector: { kind: 'person', name: '王某', contact: '13700000000', evidence: '材料复印件' },
      summary: '申报数据不实',
      receivedOn: dateIn(clock.now()),
    }).expect(201);
    expect(objection.body).toMatchObject({ objectionId: expect.any(String), caseId: c.id, stage: 'publicity' });
    await h.expectStage(h.act('prov', c.id, `objections/${objection.body.objectionId as string}/resolution`, { upheld: false, comment: '经核查不成立' }), 'publicity');

    // The period ends by timer; the test sends what the timer sends (a repeat decides nothing).
    clock.set(new Date(T0.getTime() + 8 * DAY));
    const ended = await t.app.get(CaseCommandService).execute(c.id, { type: 'EndPublicity', data: { batchId: batch.id } }, { actor: SYSTEM, correlationId: 'test-timer' });
    expect(ended.stage).toBe('approval');

    await h.expectStage(h.act('prov', c.id, 'approval', { replyLetterNo: '粤工信数字产业函〔2019〕900号', repliedOn: dateIn(clock.now()) }), 'progressEvaluation');
    const program = await h.call('prov', 'get', `/programs/${programId}`).expect(200);
    expect(program.body.approvals.granted).toBe(1);
    expect(program.body.approvalBatches).toEqual([{ batchNo: 1, repliedOn: dateIn(clock.now()), caseIds: [c.id] }]);

    const report = await h.expectStage(
      h.act('applicant-th', c.id, 'progress-reports', {
        period: '2019H1',
        narrative: '按计划推进。',
        indicators: [{ name: '政务数据共享率', target: '90%', actual: '75%' }],
        projects: [{ seq: 1, investedToDate: 300.5, status: 'in_progress' }],
      }),
      'progressEvaluation',
    );
    expect(report.body.reportId).toEqual(expect.any(String));
    await h.expectStage(h.act('city-gz', c.id, 'evaluations', { period: '2019H1', rating: 'good', comment: '进展良好' }), 'progressEvaluation');
    await h.expectStage(h.act('prov', c.id, 'evaluations', { period: '2019H1', rating: 'excellent', comment: '成效显著' }), 'progressEvaluation');
    await h.expectStage(h.act('prov', c.id, 'complete', { comment: '通过验收' }), 'completed');
    clock.set(T0);
  });

  it('returns a case for revision and takes it back after resubmission', async () => {
    const c = await h.submitted('applicant-hz', 'city-gz', HAIZHU, programId);
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'return', comment: '请补充重点项目投资明细' }), 'draft');
    await h.saveApplication(c);
    await h.expectStage(h.act('applicant-hz', c.id, 'submit'), 'cityAudit');
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'pass', comment: '' }), 'recommendation');
  });

  it('rejects a case at the city audit, after which nothing more is allowed', async () => {
    const c = await h.submitted('applicant-yx', 'city-gz', YUEXIU, programId);
    await h.expectStage(h.act('city-gz', c.id, 'city-audit', { decision: 'reject', comment: '不符合申报条件' }), 'rejected');
    const res = await h.act('applicant-yx', c.id, 'withdraw', { reason: '撤回' }).expect(409);
    expect(res.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', details: { stage: 'rejected', allowedActions: [] } });
  });

  it('frees the recommendation slot of a withdrawn case', async () => {
    const before = await recommendedIn('440100');
    const c = await h.toRecommendation('applicant-by', 'city-gz', BAIYUN, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
    expect(await recommendedIn('440100')).toBe(before + 1);
    await h.expectStage(h.act('applicant-by', c.id, 'withdraw', { reason: '区里决定暂缓申报' }), 'withdrawn');
    expect(await recommendedIn('440100')).toBe(before);
  });

  it('sends a case back to the stage named by an upheld objection', async () => {
    const c = await h.toRecommendation('applicant-hp', 'city-gz', HUANGPU, programId);
    await toPublicity(c);
    const objection = await h.act('prov', c.id, 'objections', {
      objector: { kind: 'unit', name: '某公司（盖章）', contact: '020-88888888' },
      summary: '现场考察材料与实际不符',
      receivedOn: dateIn(clock.now()),
    }).expect(201);
    await h.expectStage(
      h.act('prov', c.id, `objections/${objection.body.objectionId as string}/resolution`, { upheld: true, comment: '异议成立，重新考察', returnTo: 'siteVisit' }),
      'siteVisit',
    );
    await h.expectStage(h.act('prov', c.id, 'site-visit', { scheduledAt: '2019-03-28T09:30:00+08:00', team: ['赵处长'] }), 'siteVisit');
    await h.expectStage(h.act('prov', c.id, 'site-visit/result', { decision: 'pass', findings: '整改到位' }), 'publicity');
    expect(await stageOf(c.id)).toEqual({ stage: 'publicity', substate: 'awaiting' });
  });

  it('refuses an approval reusing a reply letter number of the program, or dated before the latest batch (422)', async () => {
    const c = await h.toRecommendation('applicant-lw', 'city-gz', LIWAN, programId);
    const batch = await toPublicity(c);
    clock.set(new Date(T0.getTime() + 8 * DAY));
    try {
      const ended = await t.app.get(CaseCommandService).execute(c.id, { type: 'EndPublicity', data: { batchId: batch.id } }, { actor: SYSTEM, correlationId: 'test-timer' });
      expect(ended.stage).toBe('approval');
      // The first test's approval: 粤工信数字产业函〔2019〕900号, batch 1 dated T0 + 8 days.
      const reused = await h.act('prov', c.id, 'approval', { replyLetterNo: '粤工信数字产业函 〔2019〕900号', repliedOn: dateIn(clock.now()) }).expect(422);
      expect(reused.body).toMatchObject({ error: 'RULE_VIOLATION', details: [{ rule: 'approval.replyLetterNo.unique', message: expect.stringContaining('900号') }] });
      const backdated = await h.act('prov', c.id, 'approval', { replyLetterNo: '粤工信数字产业函〔2019〕901号', repliedOn: dateIn(new Date(T0.getTime() + 7 * DAY)) }).expect(422);
      expect(backdated.body.details).toEqual([expect.objectContaining({ rule: 'approval.repliedOn.afterLastBatch' })]);
      await h.expectStage(h.act('prov', c.id, 'approval', { replyLetterNo: '粤工信数字产业函〔2019〕901号', repliedOn: dateIn(clock.now()) }), 'progressEvaluation');
    } finally {
      clock.set(T0);
    }
  });

  it('defers a case into cultivation and resumes it where it was deferred', async () => {
    const c = await h.toRecommendation('applicant-ns', 'city-sz', NANSHAN, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.expectStage(h.act('prov', c.id, 'expert-review/conclude', { decision: 'defer', comment: '尚不成熟，继续培育' }), 'cultivation');
    await h.expectStage(h.act('prov', c.id, 'resume', { comment: '条件已成熟' }), 'expertReview');
    await h.throughExpertReview(c, panel.slice(0, 5), 'defense');
  });
});
