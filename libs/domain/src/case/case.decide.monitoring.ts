/** Deciding after approval: progress reports and evaluations (resume, revoke and complete are actions/ modules). */
import { dateIn } from '../program/program.dates';
import { hasAtMostDecimals, isDate, isId } from '../rules/formats';
import type { EvaluateProgress, FileProgressReport } from './case.commands';
import type { CaseDecideContext } from './case.guards';
import { ensure, Input, only, violation, type CaseDecision } from './case.decide.shared';
import type { CaseState } from './case.state';

const STATUSES = ['not_started', 'in_progress', 'done', 'stalled'];

export function fileProgressReport(cmd: FileProgressReport, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('progress-reports', s, ctx);
  const { reportId, period, narrative, indicators, projects } = cmd.data;
  const seqs = (s.application?.keyProjects ?? []).map((p) => p.seq);
  const input = new Input();
  input.check(typeof reportId === 'string' && isId(reportId), 'reportId', 'must be an id');
  input.text('period', period, 50);
  input.text('narrative', narrative, 20000);
  input.check(Array.isArray(indicators), 'indicators', 'must be a list');
  if (Array.isArray(indicators))
    indicators.forEach((x, i) => {
      input.text(`indicators[${i}].name`, x?.name, 200);
      input.check(typeof x?.target === 'string', `indicators[${i}].target`, 'must be a string');
      input.check(typeof x?.actual === 'string', `indicators[${i}].actual`, 'must be a string');
    });
  input.check(Array.isArray(projects), 'projects', 'must be a list');
  if (Array.isArray(projects))
    projects.forEach((p, i) => {
      input.check(seqs.includes(p?.seq), `projects[${i}].seq`, `must be the seq of a key project (${seqs.join(', ')})`);
      input.check(typeof p?.investedToDate === 'number' && p.investedToDate >= 0 && hasAtMostDecimals(p.investedToDate, 2), `projects[${i}].investedToDate`, 'must be ≥ 0 万元 with at most 2 decimals');
      input.check(STATUSES.includes(p?.status), `projects[${i}].status`, `must be one of ${STATUSES.join(', ')}`);
    });
  input.done();
  if (s.monitoring.reports.some((r) => r.reportId === reportId)) throw violation('report.exists', `Report ${reportId} is already filed.`);
  if (s.monitoring.reports.some((r) => r.period === period)) throw violation('report.period', `A report for ${period} is already filed.`);
  return only({ type: 'ProgressReportFiled', data: { reportId, period, narrative, indicators, projects } });
}

export function evaluateProgress(cmd: EvaluateProgress, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('evaluations', s, ctx);
  const { period, rating, comment, rectificationDueOn } = cmd.data;
  const { monitoring } = ctx.definition;
  const level = ctx.actor.role === 'city' ? 'city' : 'province';
  const input = new Input();
  input.text('period', period, 50);
  input.check(monitoring.ratings.includes(rating), 'rating', `must be one of ${monitoring.ratings.join(', ')}`);
  input.text('comment', comment);
  if (rectificationDueOn !== undefined) {
    input.check(level === 'province', 'rectificationDueOn', 'only the province orders a rectification');
    input.check(rating === 'fail', 'rectificationDueOn', 'only a failed evaluation orders a rectification');
    input.check(typeof rectificationDueOn === 'string' && isDate(rectificationDueOn) && rectificationDueOn > dateIn(ctx.now, ctx.definition.timeZone), 'rectificationDueOn', 'must be a date YYYY-MM-DD after today');
  }
  input.done();
  const ofPeriod = s.monitoring.evaluations.filter((e) => e.period === period);
  if (level === 'city') {
    if (ofPeriod.some((e) => e.level === 'city' && e.cityCode === ctx.actor.cityCode))
      throw violation('evaluation.duplicate', `City ${ctx.actor.cityCode} has already evaluated ${period}.`);
    return only({ type: 'ProgressEvaluated', data: { period, level, cityCode: ctx.actor.cityCode!, rating, comment } });
  }
  const waiting = s.cities.filter((c) => !ofPeriod.some((e) => e.level === 'city' && e.cityCode === c));
  if (waiting.length > 0) throw violation('evaluation.cityFirst', `The city evaluation of ${period} comes first; waiting for: ${waiting.join(', ')}.`);
  // A rectification is judged by a further province evaluation of the same period.
  if (ofPeriod.some((e) => e.level === 'province') && !s.machine.context.rectificationOpen)
    throw violation('evaluation.duplicate', `The province has already evaluated ${period}.`);
  const roundsLeft = monitoring.rectificationRounds - s.monitoring.rectifications.length;
  if (rating === 'fail' && rectificationDueOn === undefined && roundsLeft > 0 && !s.machine.context.rectificationOpen)
    throw violation('rectification.dueOn', 'A failed evaluation orders a rectification: give rectificationDueOn.');
  if (rectificationDueOn !== undefined && roundsLeft <= 0)
    throw violation('rectification.rounds', `No rectification rounds are left (${monitoring.rectificationRounds} allowed); the pilot may be revoked instead.`);
  return only({ type: 'ProgressEvaluated', data: { period, level, rating, comment, ...(rectificationDueOn !== undefined ? { rectificationDueOn } : {}) } });
}

