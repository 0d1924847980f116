/**
 * The application window's close made visible (DOMAIN.md "Deadlines and notices"): a reminder some days before the
 * last day, naming the cases that have not reached the province yet, and the close itself after the last day. Both
 * come from the deadline machinery acting as the system (province role); each is appended once, so a timer that
 * fires again decides nothing. `windowOpen` (by date) stays the rule submissions are checked against.
 */
import { DomainError } from '../errors';
import type { DecideContext } from '../shared';
import { dateIn, PROGRAM_TIME_ZONE } from './program.dates';
import type { PendingCase, ProgramEvent } from './program.events';
import type { ProgramFold } from './program.state';

/** Days before `closesOn` (00:00 Asia/Shanghai) that the cities holding unsent cases are reminded. */
export const WINDOW_REMINDER_DAYS = 3;
/** Stages in which a case has not been sent to the province yet. */
export const UNSENT_STAGES: readonly PendingCase['stage'][] = ['draft', 'cityAudit', 'recommendation'];

/** `pendingCases` is read by the handler from the cases themselves (the program stream does not track stages). */
export type RemindWindowClosing = { type: 'RemindWindowClosing'; data: { pendingCases: PendingCase[] } };
export type CloseProgramWindow = { type: 'CloseProgramWindow'; data: Record<string, never> };

function systemOnly(ctx: DecideContext): void {
  if (ctx.actor.role !== 'province' && ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only the system (province) handles the program window.');
}

function checkPending(pending: unknown): PendingCase[] {
  const ok =
    Array.isArray(pending) &&
    pending.every(
      (p: Partial<PendingCase> | null) =>
        typeof p?.caseId === 'string' && typeof p.cityCode === 'string' && UNSENT_STAGES.includes(p.stage as PendingCase['stage']),
    );
  if (!ok) throw DomainError.validation([{ field: 'pendingCases', messages: [`must list {caseId, cityCode, stage} with stage one of ${UNSENT_STAGES.join(', ')}`] }]);
  return (pending as PendingCase[]).map(({ caseId, cityCode, stage }) => ({ caseId, cityCode, stage }));
}

/** Nothing once reminded or closed, or when the last day is already over (a reminder then reminds of nothing). */
export function remindWindowClosing(cmd: RemindWindowClosing, state: ProgramFold, ctx: DecideContext): ProgramEvent[] {
  if (!state) throw new DomainError('NOT_FOUND', 'No such program.');
  systemOnly(ctx);
  const pendingCases = checkPending(cmd.data.pendingCases);
  const { closesOn } = state.settings.window;
  if (state.windowClosingReminded || state.windowClosed || dateIn(ctx.now, PROGRAM_TIME_ZONE) > closesOn) return [];
  return [{ type: 'ProgramWindowClosing', data: { closesOn, pendingCases } }];
}

/** Refused while the last day is still running (a clock set back); nothing when already closed. */
export function closeProgramWindow(_cmd: CloseProgramWindow, state: ProgramFold, ctx: DecideContext): ProgramEvent[] {
  if (!state) throw new DomainError('NOT_FOUND', 'No such program.');
  systemOnly(ctx);
  const { closesOn } = state.settings.window;
  if (state.windowClosed) return [];
  if (dateIn(ctx.now, PROGRAM_TIME_ZONE) <= closesOn)
    throw DomainError.rules([{ rule: 'window.open', message: `The window is open until the end of ${closesOn}.` }]);
  return [{ type: 'ProgramWindowClosed', data: { closesOn } }];
}
