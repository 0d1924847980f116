/**
 * The input-independent checks of every case action, in the order the decider applies them: the case is visible
 * to the caller (else NOT_FOUND), the role may take the action (FORBIDDEN), the lifecycle allows it now — asked of
 * the machine with a probe event where possible (ILLEGAL_TRANSITION) — and program-wide rules that do not depend on
 * the input (window, city limit, quota, …). `allowedActions` runs exactly these checks, so what is offered is what
 * the decider accepts, barring input validation.
 */
import type { Actor } from '../shared/actor';
import {
  can, PROBE, type CaseDecideContext, type Guard, type Refusal,
} from './case.guard-kit';
import { CASE_ACTIONS, caseActionNamed, type RegisteredActionName } from './actions';
import { canSeeCase } from './case.access';
import type { CaseState } from './case.state';

export { openSeats, type CaseDecideContext, type ExpertInfo, type Refusal } from './case.guard-kit';
export { CASE_ACTIONS } from './actions';

export type CaseAction = RegisteredActionName;
/** Steps driven by the program (publicity batches) or by timers: guarded alike, never offered to a person. */
export type InternalStep = 'start-publicity';
export type GuardName = CaseAction | InternalStep;

/** The guards of the actions not yet in actions/ (and of internal steps). */
const GUARDS: Record<Exclude<GuardName, RegisteredActionName>, Guard> = {
  'start-publicity': { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'PublicityStarted', data: { batchId: PROBE } }) },
};

/** The first check this caller fails for this action on this case, or null when it may go ahead. */
export function refusal(name: GuardName, s: CaseState, ctx: CaseDecideContext): Refusal | null {
  const { actor } = ctx;
  if (!canSeeCase(s, actor)) return { code: 'NOT_FOUND', message: `No case ${s.caseId} visible to you.` };
  const guard = caseActionNamed(name)?.guard ?? GUARDS[name as InternalStep];
  if (!guard.roles.includes(actor.role)) return { code: 'FORBIDDEN', message: `Role ${actor.role} may not take the action ${name}.` };
  if (!guard.stage(s, actor, ctx)) {
    const at = s.substate ? `${s.stage} (${s.substate})` : s.stage;
    return { code: 'ILLEGAL_TRANSITION', message: `The action ${name} is not allowed for you while the case is in ${at}.` };
  }
  return guard.rules?.(s, actor, ctx) ?? null;
}

/** The API actions this caller may take on the case now. */
export function allowedActions(s: CaseState, actor: Actor, ctx: Omit<CaseDecideContext, 'actor'>): CaseAction[] {
  const full = { ...ctx, actor };
  return CASE_ACTIONS.filter((a) => refusal(a, s, full) === null);
}
