/**
 * What a case action's guard is made of, and the helpers guards share: asking the lifecycle machine whether an
 * event could happen now (with a probe where the event needs data), stage tests and the program-wide rule refusals.
 */
import { canApplyCaseEvent, fromPersisted, type CaseMachineEvent, type CaseSnapshot, type PersistedCaseState } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import type { DomainErrorCode } from '../errors';
import { windowOpen } from '../program/program.queries';
import type { ProgramState } from '../program/program.state';
import type { Actor, Role } from '../shared/actor';
import type { CaseState } from './case.state';

/** Conflict-of-interest view of a pool expert (see rules/recusal.rules.ts). */
export interface ExpertInfo {
  id: string;
  name?: string;
  homeCityCode: string;
  employer: string;
  /** Retired experts stay on past panels but are never chosen or drawn again. */
  retired?: boolean;
}

export interface CaseDecideContext {
  actor: Actor;
  now: Date;
  /** The case's workflow version (for CreateCase: the program's). */
  definition: WorkflowDefinition;
  program: ProgramState;
  /** The expert pool, needed to form a panel or schedule a defense. */
  experts?: ExpertInfo[];
}

export interface Refusal {
  code: DomainErrorCode;
  message: string;
  details?: unknown;
}

export interface Guard {
  roles: readonly Role[];
  /** Lifecycle check; false means ILLEGAL_TRANSITION. */
  stage(s: CaseState, actor: Actor, ctx: CaseDecideContext): boolean;
  /** Input-independent program rules checked after the stage. */
  rules?(s: CaseState, actor: Actor, ctx: CaseDecideContext): Refusal | null;
}

/**
 * Restoring a snapshot is the costly part of asking the machine; a state's persisted snapshot is never mutated (evolve
 * makes a new one), so the restored snapshot is kept per persisted object and definition.
 */
const restored = new WeakMap<PersistedCaseState, { definition: WorkflowDefinition; snapshot: CaseSnapshot }>();
function live(s: CaseState, definition: WorkflowDefinition): CaseSnapshot {
  const hit = restored.get(s.machine);
  if (hit && hit.definition === definition) return hit.snapshot;
  const snapshot = fromPersisted(definition, s.machine);
  restored.set(s.machine, { definition, snapshot });
  return snapshot;
}
export const can = (s: CaseState, ctx: CaseDecideContext, event: CaseMachineEvent): boolean =>
  canApplyCaseEvent(ctx.definition, live(s, ctx.definition), event);
export const PROBE = '\u0000probe';
export const inStage = (s: CaseState, stage: string, substate?: string): boolean =>
  s.stage === stage && (substate === undefined || s.substate === substate);
export const rule = (code: DomainErrorCode, rule: string, message: string): Refusal =>
  code === 'RULE_VIOLATION' ? { code, message, details: [{ rule, message }] } : { code, message };

export const windowRule = (verb: string) => (_s: CaseState, _a: Actor, ctx: CaseDecideContext): Refusal | null =>
  windowOpen(ctx.program, ctx.now)
    ? null
    : rule('WINDOW_CLOSED', 'window', `The program window (${ctx.program.settings.window.opensOn} – ${ctx.program.settings.window.closesOn}) is closed: cannot ${verb}.`);

/**
 * The case waits for its publicity period or has been through it, and is still open: an objection now is outside
 * the period. Stages before publicity, and closed cases, keep ILLEGAL_TRANSITION.
 */
export const publicityClosed = (s: CaseState): boolean =>
  (s.stage === 'publicity' && s.substate === 'awaiting') ||
  (s.publicity.ended && (s.stage === 'approval' || s.stage === 'progressEvaluation'));

/** Recused experts still on the panel: seats waiting for a replacement. */
export const openSeats = (s: CaseState): string[] =>
  s.machine.context.panel.filter((id) => s.machine.context.recused.includes(id));

