/**
 * The case decider: `decideCase(command, state, ctx)` checks authorization and rules, picks the events for the case
 * stream and, for commands that consume or free a program-wide place, for the program stream (appended together,
 * atomically). Every case event is confirmed with the lifecycle machine before it is returned, so nothing the
 * machine would refuse on replay is ever appended.
 */
import { applyCaseEvent, CaseEventRejectedError, initialCaseSnapshot, type CaseStateLike } from '@shenbao/workflows';
import { DomainError } from '../errors';
import { assertNever } from '../shared/decider';
import type { CaseCommand } from './case.commands';
import { allowedActions, type CaseDecideContext, type GuardName } from './case.guards';
import { caseActionFor, isActionCommand, type ActionCommand } from './actions';
import { decideAddAttachment } from './case.attachments';
import { createCase } from './case.decide.create';
import { markOverdue, noteDueMoved, sendReminder } from './case.decide.notices';
import { markReportDue, markReportMissed } from './case.decide.reports';
import { endPublicity, startPublicity } from './case.decide.publicity';
import { ensure, type CaseDecision } from './case.decide.shared';
import { replaceKeyProjects } from './case.decide.key-projects';
import type { CaseFold, CaseState } from './case.state';

export type { CaseDecision } from './case.decide.shared';

/** A registered action: its guard, then its decide. */
function decideAction(command: ActionCommand, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  const action = caseActionFor(command.type)!;
  ensure(action.name as GuardName, s, ctx);
  return action.decide(command, s, ctx);
}

function decideExisting(command: Exclude<CaseCommand, { type: 'CreateCase' }>, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  if (isActionCommand(command)) return decideAction(command, s, ctx);
  switch (command.type) {
    case 'StartPublicity': return startPublicity(command, s, ctx);
    case 'EndPublicity': return endPublicity(command, s, ctx);
    case 'MarkOverdue': return markOverdue(command, s, ctx);
    case 'SendReminder': return sendReminder(command, s, ctx);
    case 'NoteDueMoved': return noteDueMoved(command, s, ctx);
    case 'MarkReportDue': return markReportDue(command, s, ctx);
    case 'MarkReportMissed': return markReportMissed(command, s, ctx);
    case 'ReplaceKeyProjects': return replaceKeyProjects(command, s, ctx);
    case 'AddAttachment': return decideAddAttachment(command, s, ctx);
    default: return assertNever(command);
  }
}

/** Replays the chosen events on the machine; a refusal means the rules above let through what the lifecycle forbids. */
function confirm(decision: CaseDecision, state: CaseFold, ctx: CaseDecideContext): void {
  let snapshot: CaseStateLike = state ? state.machine : initialCaseSnapshot(ctx.definition);
  for (const event of decision.caseEvents) {
    try {
      snapshot = applyCaseEvent(ctx.definition, snapshot, event);
    } catch (e) {
      if (!(e instanceof CaseEventRejectedError)) throw e;
      const details = state ? { stage: state.stage, allowedActions: allowedActions(state, ctx.actor, ctx) } : { stage: 'draft', allowedActions: [] };
      throw new DomainError('ILLEGAL_TRANSITION', e.message, details);
    }
  }
}

export function decideCase(command: CaseCommand, state: CaseFold, ctx: CaseDecideContext): CaseDecision {
  if (state && (state.workflow.key !== ctx.definition.key || state.workflow.version !== ctx.definition.version)) {
    throw new Error(`Case ${state.caseId} runs ${state.workflow.key}@${state.workflow.version}, not ${ctx.definition.key}@${ctx.definition.version}`);
  }
  let decision: CaseDecision;
  if (command.type === 'CreateCase') decision = createCase(command, state, ctx);
  else if (!state) throw new DomainError('NOT_FOUND', 'No such case.');
  else decision = decideExisting(command, state, ctx);
  confirm(decision, state, ctx);
  return decision;
}

/** The case's event stream. */
export const caseStream = (caseId: string): string => `case-${caseId}`;
