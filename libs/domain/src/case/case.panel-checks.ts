/** Checks the selection-phase actions share: a panel's experts (existing, active, new, conflict-free) and the score aggregate. */
import { DomainError } from '../errors';
import { conflictReasons, type CaseParties } from '../rules/recusal.rules';
import { aggregateScores } from '../rules/scoring.rules';
import type { CaseDecideContext, ExpertInfo } from './case.guard-kit';
import type { Input } from './case.decide.shared';
import type { CaseState } from './case.state';

export const partiesOf = (s: CaseState): CaseParties => ({
  cityCodes: [...s.cities],
  unitNames: [s.applicant.unitName, ...s.partners.map((p) => p.unitName)],
});

export function poolOf(ctx: CaseDecideContext): ExpertInfo[] {
  if (!ctx.experts) throw new Error('The expert pool must be passed in the decide context for this command.');
  return ctx.experts;
}

/** Chosen experts must exist, be distinct and active, and (for replacements) be new to this review. */
export function checkChosen(input: Input, field: string, ids: unknown, needed: number, pool: ExpertInfo[], barred: string[]): ids is string[] {
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

export function ensureNoConflict(s: CaseState, ctx: CaseDecideContext, ids: string[], pool: ExpertInfo[]): void {
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

/** The aggregate of the totals so far, when the definition's method can compute one. */
export function aggregateOf(s: CaseState, ctx: CaseDecideContext): number | undefined {
  const totals = Object.values(s.review.scores).map((x) => x.total);
  const enough = totals.length > 0 && (ctx.definition.panel.aggregation === 'mean' || totals.length >= 3);
  return enough ? aggregateScores(totals, ctx.definition.panel.aggregation) : undefined;
}

export const DECISIONS = ['pass', 'fail', 'defer'] as const;

