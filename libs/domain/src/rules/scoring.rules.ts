/**
 * Expert scoring (专家评审): one expert's sheet against the rubric, its total, and the panel's aggregate
 * (mean, or the mean without one highest and one lowest total). Results are rounded to 2 decimals so that the
 * stored score and a recomputation from the events agree exactly.
 */
import type { Aggregation, RubricCriterion } from '@shenbao/workflows';
import { DomainError, type FieldError } from '../errors';
import { FieldErrorList, fieldPath, isPlainObject } from './field-errors';
import { hasAtMostDecimals, roundTo } from './formats';

export type Rubric = readonly Pick<RubricCriterion, 'id' | 'max'>[];

export const SCORING_RULES = { noScores: 'scores.none', trimmedMeanMinimum: 'scores.trimmedMeanMinimum' } as const;

/** Sum of the rubric's criteria as scored (criteria not in the rubric are ignored; validate first). */
export function scoreTotal(rubric: Rubric, scores: Record<string, number>): number {
  let sum = 0;
  for (const c of rubric) {
    const v = Object.prototype.hasOwnProperty.call(scores, c.id) ? scores[c.id] : undefined;
    if (typeof v === 'number') sum += v;
  }
  return roundTo(sum, 2);
}

/** A score sheet must score every criterion, within 0..max, with at most one decimal, and nothing else. */
export function validateScores(rubric: Rubric, scores: unknown): FieldError[] {
  const errs = new FieldErrorList();
  if (!isPlainObject(scores)) {
    errs.add('scores', 'must be an object mapping each criterion id to a number');
    return errs.toArray();
  }
  const ids = new Set(rubric.map((c) => c.id));
  for (const key of Object.keys(scores)) {
    if (!ids.has(key)) errs.add(fieldPath('scores', key), `is not a criterion of the rubric (${[...ids].join(', ')})`);
  }
  for (const c of rubric) {
    const field = fieldPath('scores', c.id);
    const v = Object.prototype.hasOwnProperty.call(scores, c.id) ? scores[c.id] : undefined;
    if (v === undefined) errs.add(field, 'is required: every criterion must be scored');
    else if (typeof v !== 'number' || !Number.isFinite(v)) errs.add(field, 'must be a number');
    else {
      if (v < 0 || v > c.max) errs.add(field, `must be between 0 and ${c.max}`);
      if (!hasAtMostDecimals(v, 1)) errs.add(field, 'must have at most 1 decimal');
    }
  }
  return errs.toArray();
}

/** The panel's score from the experts' totals. Throws RULE_VIOLATION when there is nothing (enough) to aggregate. */
export function aggregateScores(totals: readonly number[], method: Aggregation): number {
  if (totals.length === 0) {
    throw DomainError.rules([{ rule: SCORING_RULES.noScores, message: 'No expert has scored yet: there is nothing to aggregate.' }]);
  }
  let values = [...totals];
  if (method === 'trimmedMean') {
    if (values.length < 3) {
      throw DomainError.rules([{
        rule: SCORING_RULES.trimmedMeanMinimum,
        message: `The mean without the highest and lowest score needs at least 3 scores (has ${values.length}).`,
      }]);
    }
    values = values.sort((a, b) => a - b).slice(1, -1);
  }
  return roundTo(values.reduce((a, b) => a + b, 0) / values.length, 2);
}
