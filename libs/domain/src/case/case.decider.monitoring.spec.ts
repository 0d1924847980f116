import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { actors, CASE_ID, drafted, given, inCityAudit, inCultivation, inMonitoring } from './case.spec-helpers';

const report = (reportId: string, period: string): CaseCommand => ({
  type: 'FileProgressReport',
  data: { reportId, period, narrative: '进展顺利', indicators: [{ name: '数据开放量', target: '100', actual: '60' }], projects: [{ seq: 1, investedToDate: 300.5, status: 'in_progress' }] },
});
const evaluate = (rating: 'excellent' | 'good' | 'pass' | 'fail', rectificationDueOn?: string, period = '2019H2'): CaseCommand => ({
  type: 'EvaluateProgress',
  data: { period, rating, comment: '评估', ...(rectificationDueOn ? { rectificationDueOn } : {}) },
});
const cityEvaluated = (rating: 'pass' | 'fail' = 'pass', period = '2019H2'): CaseEvent => ({ type: 'ProgressEvaluated', data: { period, level: 'city', cityCode: '440100', rating, comment: '评估' } });
const provinceFailed: CaseEvent = { type: 'ProgressEvaluated', data: { period: '2019H2', level: 'province', rating: 'fail', comment: '评估', rectificationDueOn: '2020-06-30' } };
const LATER = new Date('2020-01-15T02:00:00Z');

describe('FileProgressReport', () => {
  it('files a report against the key project table', () => {
    const d = given(...inMonitoring).when(report('r1', '2019H2'), actors.tianhe).decision();
    expect(d.caseEvents).toEqual([{ type: 'ProgressReportFiled', data: (report('r1', '2019H2') as Extract<CaseCommand, { type: 'FileProgressReport' }>).data }]);
  });

  it('refuses an unknown project, a second report for a period, other roles and other stages', () => {
    const bad = report('r1', '2019H2') as Extract<CaseCommand, { type: 'FileProgressReport' }>;
    given(...inMonitoring).when({ ...bad, data: { ...bad.data, projects: [{ seq: 7, investedToDate: 1, status: 'done' }] } }, actors.tianhe).thenError('VALIDATION_FAILED');
    const filed = given(...inMonitoring).when(report('r1', '2019H2'), actors.tianhe).decision().caseEvents;
    given(...inMonitoring, ...filed).when(report('r2', '2019H2'), actors.tianhe).thenError('RULE_VIOLATION');
    given(...inMonitoring).when(report('r1', '2019H2'), actors.guangzhou).thenError('FORBIDDEN');
    given(...drafted).when(report('r1', '2019H2'), actors.tianhe).thenError('ILLEGAL_TRANSITION');
  });
});

describe('EvaluateProgress', () => {
  it('takes the city’s evaluation first, then the province’s', () => {
    given(...inMonitoring).when(evaluate('good'), actors.guangzhou, { now: LATER }).then([
      { type: 'ProgressEvaluated', data: { period: '2019H2', level: 'city', cityCode: '440100', rating: 'good', comment: '评估' } },
    ]);
    const err = given(...inMonitoring).when(evaluate('good'), actors.province, { now: LATER }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'evaluation.cityFirst' })]);
    given(...inMonitoring, cityEvaluated()).when(evaluate('good'), actors.province, { now: LATER }).then([
      { type: 'ProgressEvaluated', data: { period: '2019H2', level: 'province', rating: 'good', comment: '评估' } },
    ]);
  });

  it('is for a city involved in the case and the province; a city evaluates a period once', () => {
    given(...inMonitoring).when(evaluate('good'), actors.shenzhen, { now: LATER }).thenError('NOT_FOUND');
    given(...inMonitoring).when(evaluate('good'), actors.tianhe, { now: LATER }).thenError('FORBIDDEN');
    given(...inMonitoring, cityEvaluated()).when(evaluate('good'), actors.guangzhou, { now: LATER }).thenError('RULE_VIOLATION');
  });

  it('requires a rectification due date for a province fail while rectification rounds remain', () => {
    const err = given(...inMonitoring, cityEvaluated('fail')).when(evaluate('fail'), actors.province, { now: LATER }).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'rectification.dueOn' })]);
    given(...inMonitoring, cityEvaluated('fail')).when(evaluate('fail', '2020-06-30'), actors.province, { now: LATER }).then([provinceFailed]);
    given(...inMonitoring, cityEvaluated('fail')).when(evaluate('fail', '2019-12-31'), actors.province, { now: LATER }).thenError('VALIDATION_FAILED');
  });

  it('closes the rectification on a passing re-evaluation; no second round once the rounds are used', () => {
    const rectifying = [...inMonitoring, cityEvaluated('fail'), provinceFailed];
    expect(given(...rectifying).caseState!.substate).toBe('rectification');
    given(...rectifying).when(evaluate('fail', '2020-12-31'), actors.province, { now: LATER }).thenError('RULE_VIOLATION');
    given(...rectifying).when(evaluate('fail'), actors.province, { now: LATER }).decision();
    const passed = given(...rectifying).when(evaluate('pass'), actors.province, { now: LATER }).decision();
    expect(given(...rectifying, ...passed.caseEvents).caseState!.substate).toBe('monitoring');
  });
});

describe('CompletePilot and RevokePilot', () => {
  it('completes or revokes a pilot under monitoring', () => {
    given(...inMonitoring).when({ type: 'CompletePilot', data: { comment: '验收通过' } }, actors.province).then(
      [{ type: 'PilotCompleted', data: { comment: '验收通过' } }],
      [{ type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'completed' } }],
    );
    given(...inMonitoring).when({ type: 'RevokePilot', data: { reason: '弄虚作假' } }, actors.province).then(
      [{ type: 'PilotRevoked', data: { reason: '弄虚作假' } }],
      [{ type: 'CaseClosed', data: { caseId: CASE_ID, outcome: 'revoked' } }],
    );
  });

  it('does not complete while a rectification is open', () => {
    const err = given(...inMonitoring, cityEvaluated('fail'), provinceFailed).when({ type: 'CompletePilot', data: { comment: 'x' } }, actors.province).thenError('RULE_VIOLATION');
    expect(err.details).toEqual([expect.objectContaining({ rule: 'rectification.open' })]);
    given(...inMonitoring, cityEvaluated('fail'), provinceFailed).when({ type: 'RevokePilot', data: { reason: '整改不力' } }, actors.province).decision();
  });

  it('is for the province, after approval', () => {
    given(...inMonitoring).when({ type: 'CompletePilot', data: { comment: 'x' } }, actors.admin).thenError('FORBIDDEN');
    given(...inCityAudit).when({ type: 'RevokePilot', data: { reason: 'x' } }, actors.province).thenError('ILLEGAL_TRANSITION');
  });
});

describe('ResumeCase', () => {
  it('returns a deferred case to the stage it was deferred from', () => {
    given(...inCultivation).when({ type: 'ResumeCase', data: { comment: '条件成熟' } }, actors.province).then([
      { type: 'CaseResumed', data: { comment: '条件成熟', toStage: 'expertReview' } },
    ]);
  });

  it('is only for cases in cultivation, by the province', () => {
    given(...inMonitoring).when({ type: 'ResumeCase', data: { comment: 'x' } }, actors.province).thenError('ILLEGAL_TRANSITION');
    given(...inCultivation).when({ type: 'ResumeCase', data: { comment: 'x' } }, actors.guangzhou).thenError('FORBIDDEN');
  });

  it('starts the resumed review afresh', () => {
    const d = given(...inCultivation).when({ type: 'ResumeCase', data: { comment: '条件成熟' } }, actors.province).decision();
    const s = given(...inCultivation, ...d.caseEvents).caseState!;
    expect([s.stage, s.substate, s.review.scores]).toEqual(['expertReview', 'forming', {}]);
  });
});
