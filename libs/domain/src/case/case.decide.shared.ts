/** Helpers shared by the per-group decide functions: guard enforcement, input checks, closing a case. */
import { DomainError, type FieldError, type RuleBreach } from '../errors';
import type { CaseClosedOutcome, ProgramEvent } from '../program/program.events';
import type { ProgramState } from '../program/program.state';
import { FieldErrorList } from '../rules/field-errors';
import { isBlank } from '../rules/formats';
import type { CaseEvent } from './case.events';
import { allowedActions, refusal, type CaseDecideContext, type GuardName } from './case.guards';
import type { CaseState } from './case.state';

export interface CaseDecision {
  caseEvents: CaseEvent[];
  programEvents: ProgramEvent[];
}

export const only = (...caseEvents: CaseEvent[]): CaseDecision => ({ caseEvents, programEvents: [] });
export const NOTHING: CaseDecision = { caseEvents: [], programEvents: [] };

/** Throws the first refusal of this action for this caller, as a DomainError (ILLEGAL_TRANSITION lists what is allowed). */
export function ensure(name: GuardName, s: CaseState, ctx: CaseDecideContext): void {
  const r = refusal(name, s, ctx);
  if (!r) return;
  if (r.code === 'ILLEGAL_TRANSITION') {
    throw new DomainError(r.code, r.message, { stage: s.stage, allowedActions: allowedActions(s, ctx.actor, ctx) });
  }
  throw new DomainError(r.code, r.message, r.details);
}

/** Collects field errors and throws VALIDATION_FAILED at the end when there are any. */
export class Input {
  readonly errs = new FieldErrorList();
  text(field: string, v: unknown, max = 2000): void {
    if (typeof v !== 'string' || isBlank(v)) this.errs.add(field, 'must not be blank');
    else if ([...v].length > max) this.errs.add(field, `must be at most ${max} characters`);
  }
  optionalText(field: string, v: unknown, max = 2000): void {
    if (v !== undefined) this.text(field, v, max);
  }
  check(ok: boolean, field: string, message: string): void {
    if (!ok) this.errs.add(field, message);
  }
  done(): void {
    if (!this.errs.isEmpty) throw DomainError.validation(this.errs.toArray());
  }
}

export const validation = (field: string, message: string): DomainError => DomainError.validation([{ field, messages: [message] } satisfies FieldError]);
export const violation = (rule: string, message: string): DomainError => DomainError.rules([{ rule, message } satisfies RuleBreach]);

/**
 * Program events of a case leaving the pipeline: a withdrawn or rejected case frees the recommendation slots it
 * held (and, in the program's fold, its city-level place); every outcome is recorded for the dashboard.
 */
export function closing(s: CaseState, program: ProgramState, outcome: CaseClosedOutcome, reason: string): ProgramEvent[] {
  const frees = outcome === 'withdrawn' || outcome === 'rejected';
  const releases: ProgramEvent[] = frees
    ? Object.entries(program.recommended)
        .filter(([, ids]) => ids.includes(s.caseId))
        .map(([cityCode]) => ({ type: 'RecommendationSlotReleased', data: { caseId: s.caseId, cityCode, reason } }))
    : [];
  return [...releases, { type: 'CaseClosed', data: { caseId: s.caseId, outcome } }];
}
