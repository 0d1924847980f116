import { GD_BDPZ_2019, type WorkflowDefinition } from '@shenbao/workflows';
import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import type { ProgramEvent } from '../program/program.events';
import {
  actors,
  allScored,
  CASE_ID,
  defenseScheduled,
  expert,
  given,
  inDefense,
  inExpertReview,
  inSiteVisit,
  PANEL,
  programCreated,
  panelFormed,
  POOL,
  scored,
  sheet,
  siteVisitScheduled,
  refusedBody,
} from './case.spec-helpers';

const choose = (expertIds: string[]): CaseCommand => ({ type: 'FormPanel', data: { expertIds } });
const conclude: CaseCommand = { type: 'ConcludeExpertReview', data: {} };
const recused = (expertId: string): CaseEvent => ({ type: 'ExpertRecused', data: { expertId, reason: '与申报单位有合作' } });

describe('FormPanel', () => {
  it('forms a chosen panel of the definition’s size', () => {
    given(...inExpertReview).when(choose(PANEL), actors.province).then([{ type: 'ExpertPanelFormed', data: { expertIds: PANEL, method: 'chosen' } }]);
  });

  it('refuses a wrong size, repeated, unknown or retired experts', () => {
    given(...inExpertReview).when(choose(['e1', 'e2']), actors.province).thenError('VALIDATION_FAILED');
    given(...inExpertReview).when(choose(['e1', 'e1', 'e2', 'e3', 'e4']), actors.province).thenError('VALIDATION_FAILED');
    given(...inExpertReview).when(choose(['e1', 'e2', 'e3', 'e4', 'nobody']), actors.province).thenError('VALIDATION_FAILED');
    given(...inExpertReview).when(choose(['e1', 'e2', 'e3', 'e4', 'old']), actors.province).thenError('VALIDATION_FAILED');
  });

  it('refuses an expert with a conflict of interest (home city or employer)', () => {
    const home = given(...inExpertReview).when(choose(['e1', 'e2', 'e3', 'e4', 'gz1']), actors.province).thenError('CONFLICT_OF_INTEREST');
    expect(home.details).toEqual([{ expertId: 'gz1', reasons: [expect.stringContaining('home city')] }]);
    const employer = given(...inExpertReview).when(choose(['e1', 'e2', 'e3', 'e4', 'th1']), actors.province).thenError('CONFLICT_OF_INTEREST');
    expect(employer.details).toEqual([{ expertId: 'th1', reasons: [expect.stringContaining('employer')] }]);
  });

  it('draws reproducibly from the seed, excluding conflicted and retired experts, and records the draw', () => {
    const d = given(...inExpertReview).when({ type: 'FormPanel', data: { draw: 5, seed: 'seed-1' } }, actors.province).decision();
    // The panel was worked out by an independent re-implementation of the algorithm (recusal.rules.ts), in Python.
    expect(d.caseEvents).toEqual([{
      type: 'ExpertPanelFormed',
      data: {
        expertIds: ['e1', 'e3', 'e2', 'e4', 'e6'],
        method: 'drawn',
        draw: {
          seed: 'seed-1',
          pool: ['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7'],
          excluded: [
            { expertId: 'gz1', reason: 'home city 440100 is a city of the case' },
            { expertId: 'th1', reason: 'employer 广州市天河区人民政府 is a party to the case' },
          ],
        },
      },
    }]);
  });

  it('refuses a draw of another size than the panel', () => {
    given(...inExpertReview).when({ type: 'FormPanel', data: { draw: 3, seed: 's' } }, actors.province).thenError('VALIDATION_FAILED');
  });

  it('is for the province only, and only once unless a seat is open', () => {
    given(...inExpertReview).when(choose(PANEL), actors.admin).thenError('FORBIDDEN');
    given(...inExpertReview).when(choose(PANEL), actors.guangzhou).thenError('FORBIDDEN');
    given(...panelFormed).when(choose(PANEL), actors.province).thenError('ILLEGAL_TRANSITION');
  });

  it('fills a recused expert’s seat with a replacement (chosen or drawn), never a panel member or the recused one', () => {
    const open = [...panelFormed, recused('e2')];
    given(...open).when(choose(['e6']), actors.province).then([{ type: 'ExpertReplaced', data: { recusedExpertId: 'e2', expertId: 'e6', method: 'chosen' } }]);
    given(...open).when(choose(['e2']), actors.province).thenError('VALIDATION_FAILED');
    given(...open).when(choose(['e3']), actors.province).thenError('VALIDATION_FAILED');
    given(...open).when(choose(['gz1']), actors.province).thenError('CONFLICT_OF_INTEREST');
    const drawn = given(...open).when({ type: 'FormPanel', data: { draw: 1, seed: 's' } }, actors.province).decision();
    expect(drawn.caseEvents).toEqual([{
      type: 'ExpertReplaced',
      data: { recusedExpertId: 'e2', expertId: 'e7', method: 'drawn', seed: 's', draw: { seed: 's', pool: ['e6', 'e7'], excluded: [expect.objectContaining({ expertId: 'gz1' }), expect.objectContaining({ expertId: 'th1' })] } },
    }]);
  });
});

/**
 * A joint case: 天河 (Guangzhou) applies with 南山 (Shenzhen) as its partner, so an expert living in Shenzhen has a
 * conflict although the applicant is in Guangzhou. sz1 looks eligible by everything else (active, not on the panel).
 */
describe('recusal on a joint case (天河 + 南山)', () => {
  const cities = ['440100', '440300'];
  const jointCreated: (CaseEvent | ProgramEvent)[] = [
    programCreated,
    {
      type: 'CaseCreated',
      data: {
        caseId: CASE_ID, programId: 'p1', workflow: { key: 'gd-bdpz-2019', version: 1 }, createdBy: 'u-th', cities,
        applicant: { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' },
        partners: [{ cityCode: '440300', districtCode: '440305', unitName: '深圳市南山区人民政府' }],
      },
    },
    { type: 'CaseRegistered', data: { caseId: CASE_ID, level: 'district', cityCode: '440100', districtCode: '440106', cities } },
  ];
  const jointInExpertReview: (CaseEvent | ProgramEvent)[] = [
    ...jointCreated,
    ...inExpertReview.filter((e) => e.type === 'ApplicationSaved'),
    { type: 'CaseSubmitted', data: { cities } },
    ...cities.map((cityCode): CaseEvent => ({ type: 'CityAuditPassed', data: { cityCode, comment: '' } })),
    ...cities.flatMap((cityCode): (CaseEvent | ProgramEvent)[] => [
      { type: 'RecommendationIssued', data: { cityCode, letterNo: `${cityCode}-1`, issuedOn: '2019-04-01', statement: '材料真实' } },
      { type: 'RecommendationSlotUsed', data: { caseId: CASE_ID, cityCode } },
    ]),
  ];
  const jointInDefense: (CaseEvent | ProgramEvent)[] = [
    ...jointInExpertReview,
    { type: 'ExpertPanelFormed', data: { expertIds: PANEL, method: 'chosen' } },
    ...PANEL.map((id) => scored(id, 0.8)),
    { type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 80, threshold: 70 } },
  ];
  /** Five experts without a tie to either city, and sz1 who lives in Shenzhen (the partner's city). */
  const JOINT_POOL = [...POOL.filter((e) => PANEL.includes(e.id)), { id: 'sz1', homeCityCode: '440300', employer: '深圳大学' }];
  const SZ1_REASON = 'home city 440300 is a city of the case';

  it('the fixtures fold to the stages they are named after', () => {
    expect(given(...jointInExpertReview).caseState).toMatchObject({ stage: 'expertReview', substate: 'forming', cities });
    expect(given(...jointInDefense).caseState).toMatchObject({ stage: 'defense' });
  });

  it('refuses a Shenzhen expert chosen for the panel (CONFLICT_OF_INTEREST)', () => {
    const err = given(...jointInExpertReview).when(choose(['e1', 'e2', 'e3', 'e4', 'sz1']), actors.province, { experts: JOINT_POOL }).thenError('CONFLICT_OF_INTEREST');
    expect(err.details).toEqual([{ expertId: 'sz1', reasons: [SZ1_REASON] }]);
  });

  it('never draws the Shenzhen expert, whatever the seed, and records why it was left out', () => {
    // Six experts look eligible for five seats: without the partner's city in the check, sz1 is drawn 5 times in 6.
    for (const seed of ['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']) {
      const d = given(...jointInExpertReview).when({ type: 'FormPanel', data: { draw: 5, seed } }, actors.province, { experts: JOINT_POOL }).decision();
      expect(d.caseEvents).toEqual([{
        type: 'ExpertPanelFormed',
        data: {
          expertIds: expect.arrayContaining(PANEL),
          method: 'drawn',
          draw: { seed, pool: PANEL, excluded: [{ expertId: 'sz1', reason: SZ1_REASON }] },
        },
      }]);
    }
    // A replacement draw whose only candidate is sz1 is refused rather than filled with a conflicted expert.
    const open = [...jointInExpertReview, { type: 'ExpertPanelFormed', data: { expertIds: PANEL, method: 'chosen' } } as CaseEvent, recused('e2')];
    const err = given(...open).when({ type: 'FormPanel', data: { draw: 1, seed: 's' } }, actors.province, { experts: JOINT_POOL }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'panel.poolTooSmall' })]);
  });

  it('refuses the Shenzhen expert on the defense panel', () => {
    const schedule: CaseCommand = { type: 'ScheduleDefense', data: { scheduledAt: '2019-06-01T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e1', 'sz1'] } };
    const err = given(...jointInDefense).when(schedule, actors.province, { experts: JOINT_POOL }).thenError('CONFLICT_OF_INTEREST');
    expect(err.details).toEqual([{ expertId: 'sz1', reasons: [SZ1_REASON] }]);
  });
});

describe('RecuseExpert', () => {
  it('lets an assigned expert recuse before scoring', () => {
    given(...panelFormed).when({ type: 'RecuseExpert', data: { reason: '与申报单位有合作' } }, actors.e1).then([recused('e1')]);
  });

  it('is refused after scoring, to experts not on the panel, and to other roles', () => {
    given(...panelFormed, scored('e1', 0.8)).when({ type: 'RecuseExpert', data: { reason: 'x' } }, actors.e1).thenError('ILLEGAL_TRANSITION');
    given(...panelFormed).when({ type: 'RecuseExpert', data: { reason: 'x' } }, actors.e6).thenError('NOT_FOUND');
    given(...panelFormed).when({ type: 'RecuseExpert', data: { reason: 'x' } }, actors.province).thenError('FORBIDDEN');
    given(...panelFormed, recused('e1')).when({ type: 'RecuseExpert', data: { reason: 'x' } }, actors.e1).thenError('NOT_FOUND');
  });
});

describe('SubmitScores', () => {
  const submit = (scores: Record<string, number>): CaseCommand => ({ type: 'SubmitScores', data: { scores, comment: '较好' } });

  it('records a rubric-valid sheet with its total', () => {
    given(...panelFormed).when(submit(sheet(0.8)), actors.e1).then([{ type: 'ScoresSubmitted', data: { expertId: 'e1', scores: sheet(0.8), total: 80, comment: '较好' } }]);
  });

  it('refuses a sheet that breaks the rubric', () => {
    given(...panelFormed).when(submit({ ...sheet(0.8), basis: 21 }), actors.e1).thenError('VALIDATION_FAILED');
    given(...panelFormed).when(submit({ basis: 10 }), actors.e1).thenError('VALIDATION_FAILED');
  });

  it('accepts one sheet per expert', () => {
    const err = given(...panelFormed, scored('e1', 0.8)).when(submit(sheet(0.5)), actors.e1).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'scores.once' })]);
  });

  it('is for assigned experts only, not before the panel is formed', () => {
    given(...panelFormed).when(submit(sheet(0.8)), actors.e6).thenError('NOT_FOUND');
    given(...panelFormed).when(submit(sheet(0.8)), actors.province).thenError('FORBIDDEN');
    given(...panelFormed, recused('e1')).when(submit(sheet(0.8)), actors.e1).thenError('NOT_FOUND');
  });
});

describe('ConcludeExpertReview', () => {
  it('passes at or above the threshold with the trimmed mean', () => {
    const history = [...panelFormed, scored('e1', 0.8), scored('e2', 0.8), scored('e3', 0.6), scored('e4', 0.8), scored('e5', 0.5)];
    // totals 80 80 60 80 50 → without one highest and one lowest: (80 + 60 + 80) / 3 = 73.33
    given(...history).when(conclude, actors.province).then([{ type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 73.33, threshold: 70 } }]);
  });

  it('fails below the threshold: not selected, closed in the program, the slot kept', () => {
    const history = [...panelFormed, ...PANEL.map((id) => scored(id, 0.6))];
    given(...history).when({ type: 'ConcludeExpertReview', data: { comment: '不足' } }, actors.province).then(
      [{ type: 'ExpertReviewConcluded', data: { outcome: 'fail', score: 60, threshold: 70, comment: '不足' } }],
      [{ type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'notSelected' } }],
    );
  });

  it('needs the scores of every non-recused panel member', () => {
    const err = given(...panelFormed, scored('e1', 0.8)).when(conclude, actors.province).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'scores.missing' })]);
    given(...inExpertReview).when(conclude, actors.province).thenError('RULE_VIOLATION');
    const mean: WorkflowDefinition = { ...GD_BDPZ_2019, panel: { size: 5, aggregation: 'mean' } };
    given(...panelFormed, recused('e5'), ...['e1', 'e2', 'e3', 'e4'].map((id) => scored(id, 0.8)))
      .withDefinition(mean)
      .when(conclude, actors.province)
      .then([{ type: 'ExpertReviewConcluded', data: { outcome: 'pass', score: 80, threshold: 70 } }]);
  });

  it('defers to cultivation, with or without scores', () => {
    given(...inExpertReview).when({ type: 'ConcludeExpertReview', data: { decision: 'defer', comment: '尚不成熟' } }, actors.province).then([
      { type: 'ExpertReviewConcluded', data: { outcome: 'defer', threshold: 70, comment: '尚不成熟' } },
    ]);
    given(...allScored).when({ type: 'ConcludeExpertReview', data: { decision: 'defer' } }, actors.province).then([
      { type: 'ExpertReviewConcluded', data: { outcome: 'defer', score: 80, threshold: 70 } },
    ]);
  });

  it('is for the province only', () => {
    given(...allScored).when(conclude, expert('e1')).thenError('FORBIDDEN');
  });
});

describe('defense and site visit', () => {
  const scheduleDefense: CaseCommand = { type: 'ScheduleDefense', data: { scheduledAt: '2019-06-01T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e1', 'e2'] } };
  const defenseResult = (decision: 'pass' | 'fail' | 'defer', score?: number): CaseCommand => ({ type: 'RecordDefenseResult', data: { decision, comment: '答辩', ...(score !== undefined ? { score } : {}) } });

  it('schedules, then records the result', () => {
    given(...inDefense).when(scheduleDefense, actors.province).then([{ type: 'DefenseScheduled', data: { scheduledAt: '2019-06-01T09:00:00+08:00', venue: '省工信厅', panelExpertIds: ['e1', 'e2'] } }]);
    given(...defenseScheduled).when(defenseResult('pass'), actors.province).then([{ type: 'DefenseResultRecorded', data: { decision: 'pass', comment: '答辩' } }]);
    given(...defenseScheduled).when(defenseResult('fail'), actors.province).then(
      [{ type: 'DefenseResultRecorded', data: { decision: 'fail', comment: '答辩' } }],
      [{ type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'notSelected' } }],
    );
  });

  it('needs a schedule before a result', () => {
    const err = given(...inDefense).when(defenseResult('defer'), actors.province).thenError('ILLEGAL_TRANSITION');
    expect(err.details).toEqual({ stage: 'defense', allowedActions: ['defense', 'urge', 'paper-copies'] });
  });

  it('refuses a conflicted defense panel and a pass scored below the pass mark', () => {
    given(...inDefense).when({ ...scheduleDefense, data: { ...scheduleDefense.data, panelExpertIds: ['gz1'] } } as CaseCommand, actors.province).thenError('CONFLICT_OF_INTEREST');
    given(...defenseScheduled).withDefinition({ ...GD_BDPZ_2019, defensePassThreshold: 60 }).when(defenseResult('pass', 50), actors.province).thenError('RULE_VIOLATION');
  });

  it('schedules a site visit and records its result, deferral included', () => {
    given(...inSiteVisit).when({ type: 'ScheduleSiteVisit', data: { scheduledAt: '2019-07-01T09:00:00+08:00', team: ['王五'] } }, actors.province).then([
      { type: 'SiteVisitScheduled', data: { scheduledAt: '2019-07-01T09:00:00+08:00', team: ['王五'] } },
    ]);
    given(...inSiteVisit).when({ type: 'RecordSiteVisitResult', data: { decision: 'pass', findings: 'x' } }, actors.province).thenError('ILLEGAL_TRANSITION');
    given(...siteVisitScheduled).when({ type: 'RecordSiteVisitResult', data: { decision: 'defer', findings: '需整改' } }, actors.province).then([
      { type: 'SiteVisitResultRecorded', data: { decision: 'defer', findings: '需整改' } },
    ]);
    expect(refusedBody('site-visit/result', { decision: 'pass', findings: '' }).details).toEqual([{ field: 'findings', messages: ['must not be blank'] }]);
    expect(refusedBody('site-visit', { scheduledAt: '2019-07-01 09:00', team: [] }).details).toEqual([
      { field: 'scheduledAt', messages: ['must be an ISO 8601 instant with a zone, e.g. 2019-06-10T09:00:00+08:00'] },
    ]);
    expect(refusedBody('site-visit', { scheduledAt: '2019-07-01T09:00:00+08:00', team: [] }).details).toEqual([{ field: 'team', messages: ['must name at least one member'] }]);
  });

  it('skips disabled stages: with defense off, a passed review goes to the site visit', () => {
    const noDefense: WorkflowDefinition = { ...GD_BDPZ_2019, stages: { ...GD_BDPZ_2019.stages, defense: { enabled: false } } };
    const s = given(...allScored).withDefinition(noDefense);
    const d = s.when(conclude, actors.province).decision();
    expect(d.caseEvents[0]).toMatchObject({ data: { outcome: 'pass' } });
    expect(given(...allScored, ...d.caseEvents).withDefinition(noDefense).caseState!.stage).toBe('siteVisit');
  });
});
