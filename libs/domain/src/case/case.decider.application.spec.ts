import type { ProgramEvent } from '../program/program.events';
import { completeApplication } from '../rules/application.fixture';
import type { CaseCommand } from './case.commands';
import type { CaseEvent, Party } from './case.events';
import {
  actors,
  CASE_ID,
  created,
  drafted,
  given,
  inCityAudit,
  inExpertReview,
  inRecommendation,
  PROGRAM_ID,
  programCreated,
  refusedBody,
  requested,
  scanned,
} from './case.spec-helpers';

const createTianhe = (partners: Party[] = []): CaseCommand => ({
  type: 'CreateCase',
  data: { caseId: CASE_ID, programId: PROGRAM_ID, applicant: { level: 'district', cityCode: '440100', districtCode: '440106', unitName: '广州市天河区人民政府' }, partners },
});
const createCityLevel = (caseId: string, cityCode: string): CaseCommand => ({
  type: 'CreateCase',
  data: { caseId, programId: PROGRAM_ID, applicant: { level: 'city', cityCode, unitName: '市工业和信息化局' } },
});
const slotUsed = (caseId: string, cityCode = '440100'): ProgramEvent => ({ type: 'RecommendationSlotUsed', data: { caseId, cityCode } });
const recommendAs = (letterNo: string, issuedOn = '2019-03-14'): CaseCommand => ({ type: 'IssueRecommendation', data: { letterNo, issuedOn, statement: '材料真实' } });
const recommend = recommendAs('穗工信函〔2019〕1号');
const letterRecorded = (caseId: string, cityCode = '440100', letterNo = '穗工信函〔2019〕1号', issuedOn = '2019-03-14'): ProgramEvent =>
  ({ type: 'RecommendationLetterRecorded', data: { caseId, cityCode, letterNo, issuedOn } });
const OUT_OF_WINDOW = new Date('2019-04-26T16:00:00Z'); // 2019-04-27 00:00 in Shanghai

describe('CreateCase', () => {
  it('creates a district-level case and registers it with the program', () => {
    given(programCreated)
      .when(createTianhe(), actors.tianhe)
      .then(
        [created[1] as CaseEvent],
        [{ type: 'CaseRegistered', data: { caseId: CASE_ID, level: 'district', cityCode: '440100', districtCode: '440106', cities: ['440100'] } }],
      );
  });

  it('creates a joint case across cities with every involved city', () => {
    const d = given(programCreated).when(createTianhe([{ cityCode: '440300', districtCode: '440305', unitName: '深圳市南山区人民政府' }]), actors.tianhe).decision();
    expect(d.caseEvents[0]).toMatchObject({ type: 'CaseCreated', data: { cities: ['440100', '440300'] } });
  });

  it('refuses a unit other than the caller’s own (FORBIDDEN), and roles that do not apply', () => {
    given(programCreated).when(createTianhe(), actors.haizhu).thenError('FORBIDDEN');
    given(programCreated).when(createTianhe(), actors.shenzhen).thenError('FORBIDDEN');
    given(programCreated).when(createTianhe(), actors.province).thenError('FORBIDDEN');
    given(programCreated).when(createTianhe(), actors.admin).thenError('FORBIDDEN');
  });

  it('lets a city officer create a case in its own city', () => {
    given(programCreated).when(createTianhe(), actors.guangzhou).decision();
  });

  it('refuses a district that is not in the applicant’s city', () => {
    const cmd: CaseCommand = { type: 'CreateCase', data: { caseId: CASE_ID, programId: PROGRAM_ID, applicant: { level: 'district', cityCode: '440100', districtCode: '440305', unitName: 'x' } } };
    const err = given(programCreated).when(cmd, { ...actors.tianhe, districtCode: '440305' }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'region.district' })]);
  });

  it('allows only a city-level case in Dongguan and Zhongshan', () => {
    const cmd: CaseCommand = { type: 'CreateCase', data: { caseId: CASE_ID, programId: PROGRAM_ID, applicant: { level: 'district', cityCode: '441900', districtCode: '441901', unitName: 'x' } } };
    const err = given(programCreated).when(cmd, { ...actors.dongguanDept, districtCode: '441901' }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'region.cityLevelOnly' })]);
    given(programCreated).when(createCityLevel('dg1', '441900'), actors.dongguanDept).decision();
  });

  it('refuses joint partners outside the program’s regions', () => {
    const err = given(programCreated).when(createTianhe([{ cityCode: '445100', districtCode: '445102', unitName: '潮州' }]), actors.tianhe).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'partners.region' })]);
  });

  it('allows at most one open city-level case per city, freed when that case is withdrawn', () => {
    const first: ProgramEvent = { type: 'CaseRegistered', data: { caseId: 'dg1', level: 'city', cityCode: '441900', cities: ['441900'] } };
    const err = given(programCreated, first).when(createCityLevel('dg2', '441900'), actors.dongguanDept).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'cityLevel.open' })]);
    given(programCreated, first, { type: 'CaseClosed', data: { caseId: 'dg1', outcome: 'withdrawn' } })
      .when(createCityLevel('dg2', '441900'), actors.dongguanDept)
      .decision();
  });

  it('refuses malformed input with VALIDATION_FAILED and another program with NOT_FOUND', () => {
    const bad: CaseCommand = { type: 'CreateCase', data: { caseId: CASE_ID, programId: PROGRAM_ID, applicant: { level: 'district', cityCode: '4401', districtCode: '440106', unitName: ' ' } } };
    given(programCreated).when(bad, actors.tianhe).thenError('VALIDATION_FAILED');
    given(programCreated).when({ ...createTianhe(), data: { ...createTianhe().data, programId: 'other' } } as CaseCommand, actors.tianhe).thenError('NOT_FOUND');
  });

  it('refuses to create a case twice', () => {
    given(...created).when(createTianhe(), actors.tianhe).thenError('ILLEGAL_TRANSITION');
  });
});

describe('SaveApplication', () => {
  const save = (application: unknown): CaseCommand => requested('application', application);

  it('saves a well-formed form in draft', () => {
    given(...created).when(save(completeApplication()), actors.tianhe).then([{ type: 'ApplicationSaved', data: { application: completeApplication() } }]);
  });

  it('rejects format errors with VALIDATION_FAILED', () => {
    const app = completeApplication();
    app.cover.head.mobile = '12345';
    expect(refusedBody('application', app).details).toEqual([{ field: 'cover.head.mobile', messages: [expect.stringContaining('mobile')] }]);
    expect(refusedBody('application', { ...completeApplication(), secret: 1 }).details).toEqual([{ field: 'secret', messages: ['is not an allowed field'] }]);
  });

  it('is for the applicant only, and only in draft', () => {
    given(...created).when(save(completeApplication()), actors.guangzhou).thenError('FORBIDDEN');
    given(...created).when(save(completeApplication()), actors.haizhu).thenError('NOT_FOUND');
    const err = given(...inCityAudit).when(save(completeApplication()), actors.tianhe).thenError('ILLEGAL_TRANSITION');
    expect(err.details).toEqual({ stage: 'cityAudit', allowedActions: ['withdraw'] });
  });
});

describe('ReplaceKeyProjects (the uploaded 重点任务（项目）表)', () => {
  const project = { seq: 1, name: '城市大脑', undertakingUnit: '区数据局', content: '建设城市大脑。', totalInvestment: 800, periodStart: '2019-06', periodEnd: '2020-06', expectedResults: '上线 20 个场景' };
  const replace = (keyProjects: unknown[]): CaseCommand => ({ type: 'ReplaceKeyProjects', data: { keyProjects } } as CaseCommand);

  it('replaces the table and keeps the rest of the saved form, as one ApplicationSaved', () => {
    given(...drafted).when(replace([project]), actors.tianhe).then([{ type: 'ApplicationSaved', data: { application: { ...completeApplication(), keyProjects: [project] } } }]);
  });

  it('starts from the blank form with the unit\'s name when nothing was saved yet', () => {
    const [saved] = given(...created).when(replace([project]), actors.tianhe).decision().caseEvents;
    expect(saved).toEqual({
      type: 'ApplicationSaved',
      data: {
        application: {
          cover: { unitName: '广州市天河区人民政府', address: '', head: { name: '', mobile: '' }, contact: { name: '', mobile: '', email: '' } },
          basicSituation: '',
          currentStatus: '',
          plan: { taskStatus: '', approach: '', selectedTasks: [], customTasks: [], targets: { overall: '', perTask: {} }, workItems: [], policyMeasures: '' },
          enterprises: [],
          keyProjects: [project],
        },
      },
    });
  });

  it('holds the rows to the draft\'s format rules', () => {
    const err = given(...drafted).when(replace([project, { ...project, seq: 1, periodEnd: '2019-01' }]), actors.tianhe).thenError('VALIDATION_FAILED');
    expect(err.details).toEqual([
      { field: 'keyProjects[1].seq', messages: ['must be unique: seq 1 is already used by keyProjects[0]'] },
      { field: 'keyProjects[1].periodEnd', messages: ['must not be before periodStart (2019-06)'] },
    ]);
  });

  it('is the draft save\'s: the owning applicant only, and only while the draft is editable', () => {
    given(...drafted).when(replace([project]), actors.guangzhou).thenError('FORBIDDEN');
    given(...drafted).when(replace([project]), actors.haizhu).thenError('NOT_FOUND');
    const err = given(...inCityAudit).when(replace([project]), actors.tianhe).thenError('ILLEGAL_TRANSITION');
    expect(err.details).toEqual({ stage: 'cityAudit', allowedActions: ['withdraw'] });
  });
});

describe('SubmitCase', () => {
  const submit: CaseCommand = { type: 'SubmitCase', data: {} };

  it('submits a complete application within the window', () => {
    given(...drafted).when(submit, actors.tianhe).then([{ type: 'CaseSubmitted', data: { cities: ['440100'], submittedOn: '2019-03-15' } }]);
  });

  it('refuses an incomplete application with the list of what is missing', () => {
    const err = given(...created).when(submit, actors.tianhe).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'application.missing' }), expect.objectContaining({ rule: 'paperwork.sealedApplication' })]);
  });

  it('refuses fewer tasks than the program’s minimum', () => {
    const app = completeApplication();
    app.plan.selectedTasks = ['T1', 'T2'];
    app.plan.targets.perTask = { T1: 'a', T2: 'b' };
    const err = given(...created, { type: 'ApplicationSaved', data: { application: app } }).when(submit, actors.tianhe).thenError('RULE_VIOLATION');
    expect(err.details).toEqual(expect.arrayContaining([expect.objectContaining({ rule: 'tasks.minimum' })]));
  });

  it('refuses outside the window (dates in Asia/Shanghai)', () => {
    given(...drafted).when(submit, actors.tianhe, { now: OUT_OF_WINDOW }).thenError('WINDOW_CLOSED');
    given(...drafted).when(submit, actors.tianhe, { now: new Date('2019-02-26T15:59:00Z') }).thenError('WINDOW_CLOSED');
    given(...drafted).when(submit, actors.tianhe, { now: new Date('2019-04-26T15:59:00Z') }).decision();
  });

  it('lets a joint partner submit', () => {
    const joint = given(programCreated).when(createTianhe([{ cityCode: '440300', districtCode: '440305', unitName: '南山' }]), actors.tianhe).decision();
    const history = [programCreated, ...joint.caseEvents, ...joint.programEvents, { type: 'ApplicationSaved', data: { application: completeApplication() } } as CaseEvent, scanned('sealedApplication')];
    given(...history).when(submit, actors.nanshan).then([{ type: 'CaseSubmitted', data: { cities: ['440100', '440300'], submittedOn: '2019-03-15' } }]);
  });
});

describe('WithdrawCase', () => {
  const withdraw: CaseCommand = { type: 'WithdrawCase', data: { reason: '条件不成熟' } };

  it('withdraws a draft and closes it in the program', () => {
    given(...drafted).when(withdraw, actors.tianhe).then(
      [{ type: 'CaseWithdrawn', data: { reason: '条件不成熟', fromStage: 'draft' } }],
      [{ type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'withdrawn' } }],
    );
  });

  it('frees the recommendation slot the case held', () => {
    given(...inExpertReview).when(withdraw, actors.tianhe).then(
      [{ type: 'CaseWithdrawn', data: { reason: '条件不成熟', fromStage: 'expertReview' } }],
      [
        { type: 'RecommendationSlotReleased', data: { caseId: CASE_ID, cityCode: '440100', reason: 'withdrawn: 条件不成熟' } },
        { type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'withdrawn' } },
      ],
    );
  });

  it('needs a reason, of at most 2000 characters, and nothing else', () => {
    expect(refusedBody('withdraw', { reason: ' ' }).details).toEqual([{ field: 'reason', messages: ['must not be blank'] }]);
    expect(refusedBody('withdraw', { reason: '理'.repeat(2001) }).details).toEqual([{ field: 'reason', messages: ['must be at most 2000 characters (has 2001)'] }]);
    expect(refusedBody('withdraw', { reason: 'x', extra: 1 }).details).toEqual([{ field: 'extra', messages: ['is not an allowed field'] }]);
    expect(refusedBody('withdraw', {}).details).toEqual([{ field: 'reason', messages: ['is required'] }]);
    given(...drafted).when(requested('withdraw', { reason: '理'.repeat(2000) }), actors.tianhe).decision();
  });
});

describe('AuditCase', () => {
  const audit = (decision: 'pass' | 'return' | 'reject', comment = ''): CaseCommand => ({ type: 'AuditCase', data: { decision, comment } });

  it('passes, returns for revision or rejects (releasing the case) for its own city', () => {
    // The pass day (Asia/Shanghai) is kept: the recommendation letter may not be dated before it.
    given(...inCityAudit).when(audit('pass'), actors.guangzhou).then([{ type: 'CityAuditPassed', data: { cityCode: '440100', comment: '', passedOn: '2019-03-15' } }]);
    given(...inCityAudit).when(audit('pass'), actors.guangzhou, { now: new Date('2019-03-15T16:30:00Z') }).then([{ type: 'CityAuditPassed', data: { cityCode: '440100', comment: '', passedOn: '2019-03-16' } }]);
    given(...inCityAudit).when(audit('return', '补充材料'), actors.guangzhou).then([{ type: 'CaseReturnedForRevision', data: { cityCode: '440100', comment: '补充材料' } }]);
    given(...inCityAudit).when(audit('reject', '不符合条件'), actors.guangzhou).then(
      [{ type: 'CaseRejected', data: { by: 'cityAudit', cityCode: '440100', reason: '不符合条件', fromStage: 'cityAudit' } }],
      [{ type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'rejected' } }],
    );
  });

  it('needs a comment to return or reject', () => {
    expect(refusedBody('city-audit', { decision: 'return' }).details).toEqual([{ field: 'comment', messages: ['must not be blank'] }]);
    expect(refusedBody('city-audit', { decision: 'reject', comment: '  ' }).details).toEqual([{ field: 'comment', messages: ['must not be blank'] }]);
    expect(refusedBody('city-audit', { decision: 'approve' }).details).toEqual([{ field: 'decision', messages: ['must be one of pass, return, reject'] }]);
    given(...inCityAudit).when(requested('city-audit', { decision: 'pass' }), actors.guangzhou).decision();
  });

  it('is for the involved cities only, and not for admins or the province', () => {
    given(...inCityAudit).when(audit('pass'), actors.shenzhen).thenError('NOT_FOUND');
    given(...inCityAudit).when(audit('pass'), actors.admin).thenError('FORBIDDEN');
    given(...inCityAudit).when(audit('pass'), actors.province).thenError('FORBIDDEN');
    given(...drafted).when(audit('pass'), actors.guangzhou).thenError('ILLEGAL_TRANSITION');
  });

  it('needs every involved city of a joint case, each passing once', () => {
    const joint = given(programCreated).when(createTianhe([{ cityCode: '440300', districtCode: '440305', unitName: '南山' }]), actors.tianhe).decision();
    const submitted = [programCreated, ...joint.caseEvents, ...joint.programEvents, { type: 'CaseSubmitted', data: { cities: ['440100', '440300'] } } as CaseEvent];
    const gzPassed = [...submitted, { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '' } } as CaseEvent];
    expect(given(...gzPassed).caseState!.stage).toBe('cityAudit');
    given(...gzPassed).when(audit('pass'), actors.guangzhou).thenError('ILLEGAL_TRANSITION');
    given(...gzPassed).when(audit('pass'), actors.shenzhen).then([{ type: 'CityAuditPassed', data: { cityCode: '440300', comment: '', passedOn: '2019-03-15' } }]);
  });
});

describe('IssueRecommendation', () => {
  it('issues the letter and uses one of the city’s slots', () => {
    given(...inRecommendation).when(recommend, actors.guangzhou).then(
      [{ type: 'RecommendationIssued', data: { cityCode: '440100', letterNo: '穗工信函〔2019〕1号', issuedOn: '2019-03-14', statement: '材料真实' } }],
      [slotUsed(CASE_ID), letterRecorded(CASE_ID)],
    );
  });

  it('is refused once the city has used its limit, and allowed again after a release', () => {
    const full = [slotUsed('x1'), slotUsed('x2'), slotUsed('x3')];
    given(...inRecommendation, ...full).when(recommend, actors.guangzhou).thenError('CITY_LIMIT_REACHED');
    const released: ProgramEvent = { type: 'RecommendationSlotReleased', data: { caseId: 'x2', cityCode: '440100', reason: 'withdrawn' } };
    given(...inRecommendation, ...full, released).when(recommend, actors.guangzhou).decision();
  });

  it('does not count city-level cases against the limit', () => {
    const reg = given(programCreated).when(createCityLevel('gzc', '440100'), { ...actors.guangzhou }).decision();
    const history = [programCreated, ...reg.caseEvents, ...reg.programEvents,
      { type: 'CaseSubmitted', data: { cities: ['440100'] } } as CaseEvent,
      { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '' } } as CaseEvent, scanned('recommendationLetter'),
      slotUsed('x1'), slotUsed('x2'), slotUsed('x3')];
    const d = given(...history).when(recommend, actors.guangzhou).decision();
    expect(d.programEvents).toEqual([letterRecorded('gzc')]);
  });

  it('takes a slot in every city of a joint case; each city issues its own letter before expert review', () => {
    const joint = given(programCreated).when(createTianhe([{ cityCode: '440300', districtCode: '440305', unitName: '南山' }]), actors.tianhe).decision();
    const inRec = [programCreated, ...joint.caseEvents, ...joint.programEvents,
      { type: 'CaseSubmitted', data: { cities: ['440100', '440300'] } } as CaseEvent,
      { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '' } } as CaseEvent,
      { type: 'CityAuditPassed', data: { cityCode: '440300', comment: '' } } as CaseEvent,
      scanned('recommendationLetter', '440100'), scanned('recommendationLetter', '440300')];
    const gz = given(...inRec).when(recommend, actors.guangzhou).decision();
    expect(gz.programEvents).toEqual([slotUsed(CASE_ID, '440100'), letterRecorded(CASE_ID)]);
    const afterGz = [...inRec, ...gz.caseEvents, ...gz.programEvents];
    expect(given(...afterGz).caseState!.stage).toBe('recommendation');
    given(...afterGz, slotUsed('s1', '440300'), slotUsed('s2', '440300'), slotUsed('s3', '440300')).when(recommend, actors.shenzhen).thenError('CITY_LIMIT_REACHED');
    // Numbers are per city: Shenzhen may use the number Guangzhou used.
    const sz = given(...afterGz).when(recommend, actors.shenzhen).decision();
    expect(sz.programEvents).toEqual([slotUsed(CASE_ID, '440300'), letterRecorded(CASE_ID, '440300')]);
    expect(given(...afterGz, ...sz.caseEvents, ...sz.programEvents).caseState!.stage).toBe('expertReview');
  });

  it('is refused outside the window', () => {
    given(...inRecommendation).when(recommend, actors.guangzhou, { now: OUT_OF_WINDOW }).thenError('WINDOW_CLOSED');
  });

  it('refuses a letter number the city already issued in the program (422 naming the rule)', () => {
    const err = given(...inRecommendation, letterRecorded('x1', '440100', '穗工信函 〔2019〕1号')).when(recommend, actors.guangzhou).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'recommendation.letterNo.unique' })]);
    given(...inRecommendation, letterRecorded('x1', '440300')).when(recommend, actors.guangzhou).decision();
    given(...inRecommendation, letterRecorded('x1')).when(recommendAs('穗工信函〔2019〕2号'), actors.guangzhou).decision();
  });

  it('refuses an issue date in the future or before the city audit passed (Asia/Shanghai days)', () => {
    const future = given(...inRecommendation).when(recommendAs('穗工信函〔2019〕7号', '2019-03-16'), actors.guangzhou).thenError('RULE_VIOLATION');
    expect(future.details).toEqual([expect.objectContaining({ rule: 'recommendation.issuedOn.notFuture' })]);
    // At 16:30 UTC on the 15th it is already the 16th in Shanghai.
    given(...inRecommendation).when(recommendAs('穗工信函〔2019〕7号', '2019-03-16'), actors.guangzhou, { now: new Date('2019-03-15T16:30:00Z') }).decision();
    const passed = [...inCityAudit, { type: 'CityAuditPassed', data: { cityCode: '440100', comment: '', passedOn: '2019-03-10' } } as CaseEvent, scanned('recommendationLetter')];
    const early = given(...passed).when(recommendAs('穗工信函〔2019〕7号', '2019-03-09'), actors.guangzhou).thenError('RULE_VIOLATION');
    expect(early.details).toEqual([expect.objectContaining({ rule: 'recommendation.issuedOn.afterAudit', message: expect.stringContaining('2019-03-10') })]);
    given(...passed).when(recommendAs('穗工信函〔2019〕7号', '2019-03-10'), actors.guangzhou).decision();
  });

  it('validates the letter', () => {
    expect(refusedBody('recommendation', { letterNo: '', issuedOn: '2019-02-30', statement: 'x' }).details).toEqual([
      { field: 'letterNo', messages: ['must not be blank'] },
      { field: 'issuedOn', messages: ['must be a date YYYY-MM-DD'] },
    ]);
  });
});
