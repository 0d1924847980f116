/**
 * Deciding the notices that do not move a case: the deadline machinery's overdue mark and reminders, and urging
 * (催办) by a province or city officer. Each names whoever holds the case at that moment (case.holder.ts), so the
 * inbox and e-mail know whom to tell without re-deriving it.
 */
import { canApplyCaseEvent, parseIsoDuration } from '@shenbao/workflows';
import { DomainError } from '../errors';
import { isInstant } from '../rules/formats';
import type { MarkOverdue, NoteDueMoved, SendReminder } from './case.commands';
import type { CaseHolder } from './case.events';
import type { CaseDecideContext } from './case.guards';
import { currentHolder, supervisorOf } from './case.holder';
import { Input, NOTHING, only, type CaseDecision } from './case.decide.shared';
import type { CaseState } from './case.state';

function systemOnly(ctx: CaseDecideContext, what: string): void {
  if (ctx.actor.role !== 'province' && ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', `Only the system ${what}.`);
}

/** Every stage the machine accepts a notice in has a holder; a missing one means the two disagree. */
function holderOf(s: CaseState): CaseHolder {
  const holder = currentHolder(s);
  if (!holder) throw new Error(`Case ${s.caseId} in ${s.stage} has no holder`);
  return holder;
}

/** From the deadline machinery: a timer for a stage entry that is gone (or already marked) decides nothing. */
export function markOverdue(cmd: MarkOverdue, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  systemOnly(ctx, 'marks a stage overdue');
  const { stage, entry, dueAt } = cmd.data;
  if (!canApplyCaseEvent(ctx.definition, s.machine, { type: 'StageOverdueMarked', data: { stage, entry } })) return NOTHING;
  const input = new Input();
  input.check(typeof dueAt === 'string' && isInstant(dueAt), 'dueAt', 'must be an ISO 8601 instant with a zone');
  input.done();
  const holder = holderOf(s);
  return only({ type: 'StageOverdueMarked', data: { stage, entry, dueAt, holder, escalatedTo: supervisorOf(holder.role) } });
}

/**
 * From the deadline machinery, `offset` before the due time: a reminder for a stage entry that is gone, or one
 * already sent for this stage, entry and offset (a timer fired twice), decides nothing. Unlike the overdue mark it
 * is still sent after the mark (the machine does not limit reminders to one per entry).
 */
export function sendReminder(cmd: SendReminder, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  systemOnly(ctx, 'sends stage reminders');
  const { stage, entry, dueAt, offset } = cmd.data;
  if (!canApplyCaseEvent(ctx.definition, s.machine, { type: 'StageReminderSent', data: { stage, entry } })) return NOTHING;
  if (s.reminders.some((r) => r.stage === stage && r.entry === entry && r.offset === offset)) return NOTHING;
  const input = new Input();
  input.check(typeof dueAt === 'string' && isInstant(dueAt), 'dueAt', 'must be an ISO 8601 instant with a zone');
  input.check(typeof offset === 'string' && parseIsoDuration(offset) !== null, 'offset', 'must be an ISO 8601 duration');
  input.done();
  return only({ type: 'StageReminderSent', data: { stage, entry, dueAt, offset, holder: holderOf(s) } });
}

/**
 * From the deadline machinery, after a published holiday arrangement moved the entry's due time: for an entry that
 * is gone, or a move already told (the re-plan ran again after a restart), decides nothing.
 */
export function noteDueMoved(cmd: NoteDueMoved, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  systemOnly(ctx, 'tells of a moved due time');
  const { stage, entry, from, to, year, notice } = cmd.data;
  if (!canApplyCaseEvent(ctx.definition, s.machine, { type: 'StageDueMoved', data: { stage, entry } })) return NOTHING;
  if (s.dueMoves.some((m) => m.stage === stage && m.entry === entry && m.to === to)) return NOTHING;
  const input = new Input();
  input.check(typeof from === 'string' && isInstant(from), 'from', 'must be an ISO 8601 instant with a zone');
  input.check(typeof to === 'string' && isInstant(to), 'to', 'must be an ISO 8601 instant with a zone');
  input.check(Number.isInteger(year), 'year', 'must be a year');
  input.done();
  return only({ type: 'StageDueMoved', data: { stage, entry, from, to, year, notice, holder: holderOf(s) } });
}
