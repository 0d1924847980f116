/** Deciding the selection phase: expert panel, recusal, scores, conclusion, defense and site visit. */
import { DomainError } from '../errors';
import { isInstant } from '../rules/formats';
import { conflictReasons, drawPanel, type CaseParties } from '../rules/recusal.rules';
import { aggregateScores, scoreTotal, validateScores } from '../rules/scoring.rules';
import { activePanel } from './case.access';
import type {
  ConcludeExpertReview,
  FormPanel,
  RecordDefenseResult,
  RecordSiteVisitResult,
  RecuseExpert,
  ScheduleDefense,
  ScheduleSiteVisit,
  SubmitScores,
} from './case.commands';
import type { CaseEvent } from './case.events';
import { openSeats, type CaseDecideContext, type ExpertInfo } from './case.guards';
import { closing, ensure, Input, only, violation, type CaseDecision } from './case.decide.shared';
import type { CaseState } from './case.state';

const partiesOf = (s: CaseState): CaseParties => ({
  cityCodes: [...s.cities],
  unitNames: [s.applicant.unitName, ...s.partners.map((p) => p.unitName)],
});

function poolOf(ctx: CaseDecideContext): ExpertInfo[] {
  if (!ctx.experts) throw new Error('The expert pool must be passed in the decide context for this command.');
  return ctx.experts;
}

/** Chosen experts must exist, be distinct and active, and (for replacements) be new to this review. */
function checkChosen(input: Input, field: string, ids: unknown, needed: number, pool: ExpertInfo[], barred: string[]): ids is string[] {
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    input.check(false, field, 'must be a list of expert ids');
    return false;
  }
  input.check(ids.length === needed, field, `must name exactly ${needed} expert(s)`);
  input.check(new Set(ids).size === ids.length, field, 'must not repeat an expert');
  ids.forEach((id: string, i) => {
    const e = pool.find((x) => x.id === id);
    if (!e) input.check(false, `${field}[${i}]`, `no expert ${id} in the pool`);
    else if (e.retired) input.check(false, `${field}[${i}]`, `expert ${id} is retired`);
    else if (barred.includes(id)) input.check(false, `${field}[${i}]`, `expert ${id} is already on this panel or recused from it`);
  });
  return true;
}

function ensureNoConflict(s: CaseState, ctx: CaseDecideContext, ids: string[], pool: ExpertInfo[]): void {
  const conflicts = ids
    .map((id) => pool.find((e) => e.id === id))
    .filter((e): e is ExpertInfo => e !== undefined)
    .map((e) => ({ expertId: e.id, reasons: conflictReasons(e, partiesOf(s), ctx.definition.recusal) }))
    .filter((c) => c.reasons.length > 0);
  if (conflicts.length > 0) {
    const text = conflicts.map((c) => `${c.expertId}: ${c.reasons.join('; ')}`).join(' | ');
    throw new DomainError('CONFLICT_OF_INTEREST', `Conflict of interest — ${text}`, conflicts);
  }
}

export function formPanel(cmd: FormPanel, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('panel', s, ctx);
  const pool = poolOf(ctx);
  const seats = openSeats(s);
  const replacing = s.substate === 'scoring';
  const needed = replacing ? seats.length : ctx.definition.panel.size;
  const barred = [...s.machine.context.panel, ...s.machine.context.recused];
  const input = new Input();
  let chosen: string[];
  let draw: { seed: string; pool: string[]; excluded: { expertId: string; reason: string }[] } | undefined;
  if ('expertIds' in cmd.data) {
    const ids = cmd.data.expertIds;
    checkChosen(input, 'expertIds', ids, needed, pool, barred);
    input.done();
    chosen = ids;
    ensureNoConflict(s, ctx, chosen, pool);
  } else {
    const { draw: n, seed } = cmd.data;
    input.check(n === needed, 'draw', `must be ${needed} (${replacing ? 'the open seats' : 'the panel size'})`);
    input.text('seed', seed, 200);
    input.done();
    const eligible = pool.filter((e) => !e.retired && !barred.includes(e.id));
    const drawn = drawPanel(eligible, needed, seed, partiesOf(s), ctx.definition.recusal);
    chosen = drawn.expertIds;
    draw = { seed, pool: drawn.pool, excluded: drawn.excluded };
  }
  if (!replacing) {
    return only({ type: 'ExpertPanelFormed', data: draw ? { expertIds: chosen, method: 'drawn', draw } : { expertIds: chosen, method: 'chosen' } });
  }
  return only(
    ...seats.map((recusedExpertId, i): CaseEvent => ({
      type: 'ExpertReplaced',
      data: draw ? { recusedExpertId, expertId: chosen[i], method: 'drawn', seed: draw.seed, draw } : { recusedExpertId, expertId: chosen[i], method: 'chosen' },
    })),
  );
}

export function recuseExpert(cmd: RecuseExpert, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('recusal', s, ctx);
  const input = new Input();
  input.text('reason', cmd.data.reason);
  input.done();
  return only({ type: 'ExpertRecused', data: { expertId: ctx.actor.expertId!, reason: cmd.data.reason } });
}

export function submitScores(cmd: SubmitScores, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('scores', s, ctx);
  const errors = validateScores(ctx.definition.rubric, cmd.data.scores);
  const comment = cmd.data.comment ?? '';
  if (typeof comment !== 'string') errors.push({ field: 'comment', messages: ['must be a string'] });
  if (errors.length > 0) throw DomainError.validation(errors);
  const total = scoreTotal(ctx.definition.rubric, cmd.data.scores);
  return only({ type: 'ScoresSubmitted', data: { expertId: ctx.actor.expertId!, scores: { ...cmd.data.scores }, total, comment } });
}

/** The aggregate of the totals so far, when the definition's method can compute one. */
function aggregateOf(s: CaseState, ctx: CaseDecideContext): number | undefined {
  const totals = Object.values(s.review.scores).map((x) => x.total);
  const enough = totals.length > 0 && (ctx.definition.panel.aggregation === 'mean' || totals.length >= 3);
  return enough ? aggregateScores(totals, ctx.definition.panel.aggregation) : undefined;
}

export function concludeExpertReview(cmd: ConcludeExpertReview, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('expert-review/conclude', s, ctx);
  const { decision, comment } = cmd.data;
  const input = new Input();
  input.check(decision === undefined || decision === 'defer', 'decision', 'must be defer or absent (pass/fail is computed from the scores)');
  input.check(comment === undefined || typeof comment === 'string', 'comment', 'must be a string');
  input.done();
  const threshold = ctx.definition.passThreshold;
  const withComment = comment !== undefined ? { comment } : {};
  if (decision === 'defer') {
    const score = aggregateOf(s, ctx);
    return only({ type: 'ExpertReviewConcluded', data: { outcome: 'defer', ...(score !== undefined ? { score } : {}), threshold, ...withComment } });
  }
  if (s.substate !== 'scoring') throw violation('scores.missing', 'No expert panel has been formed yet, so there are no scores to conclude on.');
  const missing = activePanel(s).filter((id) => !s.machine.context.scored.includes(id));
  if (missing.length > 0) throw violation('scores.missing', `Still waiting for the scores of: ${missing.join(', ')}.`);
  const score = aggregateScores(Object.values(s.review.scores).map((x) => x.total), ctx.definition.panel.aggregation);
  const outcome = score >= threshold ? 'pass' : 'fail';
  const concluded: CaseEvent = { type: 'ExpertReviewConcluded', data: { outcome, score, threshold, ...withComment } };
  return outcome === 'pass'
    ? only(concluded)
    : { caseEvents: [concluded], programEvents: closing(s, ctx.program, 'notSelected', `expert review: ${score} < ${threshold}`) };
}

export function scheduleDefense(cmd: ScheduleDefense, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('defense', s, ctx);
  const { scheduledAt, venue, panelExpertIds } = cmd.data;
  const input = new Input();
  input.check(typeof scheduledAt === 'string' && isInstant(scheduledAt), 'scheduledAt', 'must be an ISO 8601 instant with a zone');
  input.text('venue', venue, 200);
  const ok = Array.isArray(panelExpertIds) && panelExpertIds.length > 0;
  input.check(ok, 'panelExpertIds', 'must name at least one expert');
  if (ok && ctx.experts) checkChosen(input, 'panelExpertIds', panelExpertIds, panelExpertIds.length, ctx.experts, []);
  input.done();
  if (ctx.experts) ensureNoConflict(s, ctx, panelExpertIds, ctx.experts);
  return only({ type: 'DefenseScheduled', data: { scheduledAt, venue, panelExpertIds: [...panelExpertIds] } });
}

const DECISIONS = ['pass', 'fail', 'defer'];

export function recordDefenseResult(cmd: RecordDefenseResult, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('defense/result', s, ctx);
  const { decision, score, comment } = cmd.data;
  const input = new Input();
  input.check(DECISIONS.includes(decision), 'decision', 'must be pass, fail or defer');
  input.check(score === undefined || (typeof score === 'number' && Number.isFinite(score) && score >= 0), 'score', 'must be a number ≥ 0');
  if (decision === 'pass') input.check(typeof comment === 'string', 'comment', 'must be a string');
  else input.text('comment', comment);
  input.done();
  const passMark = ctx.definition.defensePassThreshold;
  if (decision === 'pass' && score !== undefined && passMark !== undefined && score < passMark)
    throw violation('defense.score', `A defense score of ${score} is below the pass mark ${passMark}.`);
  const event: CaseEvent = { type: 'DefenseResultRecorded', data: { decision, ...(score !== undefined ? { score } : {}), comment } };
  return decision === 'fail'
    ? { caseEvents: [event], programEvents: closing(s, ctx.program, 'notSelected', `defense failed: ${comment}`) }
    : only(event);
}

export function scheduleSiteVisit(cmd: ScheduleSiteVisit, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('site-visit', s, ctx);
  const { scheduledAt, team } = cmd.data;
  const input = new Input();
  input.check(typeof scheduledAt === 'string' && isInstant(scheduledAt), 'scheduledAt', 'must be an ISO 8601 instant with a zone');
  const ok = Array.isArray(team) && team.length > 0;
  input.check(ok, 'team', 'must name at least one member');
  if (ok) team.forEach((m, i) => input.text(`team[${i}]`, m, 100));
  input.done();
  return only({ type: 'SiteVisitScheduled', data: { scheduledAt, team: [...team] } });
}

export function recordSiteVisitResult(cmd: RecordSiteVisitResult, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('site-visit/result', s, ctx);
  const { decision, findings } = cmd.data;
  const input = new Input();
  input.check(DECISIONS.includes(decision), 'decision', 'must be pass, fail or defer');
  input.text('findings', findings, 5000);
  input.done();
  const event: CaseEvent = { type: 'SiteVisitResultRecorded', data: { decision, findings } };
  return decision === 'fail'
    ? { caseEvents: [event], programEvents: closing(s, ctx.program, 'notSelected', `site visit failed: ${findings}`) }
    : only(event);
}
