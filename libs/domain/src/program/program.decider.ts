/**
 * The program decider: creating a program (admin) and opening a publicity batch (province). Everything else in the
 * program stream is appended by the case decider alongside the case event that consumes or frees a place.
 */
import { TERMINAL_STAGES } from '@shenbao/workflows';
import { DomainError } from '../errors';
import type { DecideContext } from '../shared';
import { isValidInstant } from './program.dates';
import type { ProgramEvent, ProgramSettings } from './program.events';
import { evolveProgram, initialProgramState, type ProgramFold } from './program.state';
import type { Decider } from '../shared/decider';
import { validateProgramSettings } from './program.validation';
import { closeProgramWindow, remindWindowClosing, type CloseProgramWindow, type RemindWindowClosing } from './program.decide.window';

export type CreateProgram = { type: 'CreateProgram'; data: ProgramSettings & { programId: string } };
/**
 * Publicize cases that are ready together. The handler computes `startsAt`/`endsAt` from `startsOn` and the
 * workflow's publicity duration (working days need the holiday calendar, which the pure domain does not hold), then
 * also decides `StartPublicity` on every case of the batch and appends all streams in one write.
 */
export type OpenPublicityBatch = { type: 'OpenPublicityBatch'; data: { batchId: string; caseIds: string[]; startsAt: string; endsAt: string } };

export type ProgramCommand = CreateProgram | OpenPublicityBatch | RemindWindowClosing | CloseProgramWindow;

/** What the program needs to know of a case it is asked to publicize: whose it is and where it stands. */
export interface BatchMember {
  programId: string;
  stage: string;
}

/**
 * The program decider's context. `OpenPublicityBatch` also needs the batch's cases as stored (null for an id with
 * no case): the program state does not index its cases (see program.state.ts), so the caller, which loads every
 * case of the batch anyway to start its publicity, passes them in.
 */
export interface ProgramDecideContext extends DecideContext {
  batchMembers?: Readonly<Record<string, BatchMember | null>>;
}

/** The context's `batchMembers` from the batch's ids and their states, in the same order (null: no such case). */
export function batchMembersOf(caseIds: readonly string[], states: ReadonlyArray<BatchMember | null | undefined>): Record<string, BatchMember | null> {
  return Object.fromEntries(caseIds.map((id, i) => {
    const s = states[i];
    return [id, s ? { programId: s.programId, stage: s.stage } : null];
  }));
}

const isOpenMember = (m: BatchMember | null | undefined, programId: string): boolean =>
  !!m && m.programId === programId && !(TERMINAL_STAGES as readonly string[]).includes(m.stage);

function createProgram(cmd: CreateProgram, state: ProgramFold, ctx: DecideContext): ProgramEvent[] {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only an administrator may create a program.');
  if (state) throw DomainError.rules([{ rule: 'program.exists', message: `Program ${state.programId} already exists.` }]);
  const { programId, ...settings } = cmd.data;
  const errors = validateProgramSettings(settings);
  if (typeof programId !== 'string' || programId.trim() === '') errors.unshift({ field: 'programId', messages: ['must not be blank'] });
  if (errors.length > 0) throw DomainError.validation(errors);
  return [{ type: 'ProgramCreated', data: { programId, ...settings } }];
}

function openPublicityBatch(cmd: OpenPublicityBatch, state: ProgramFold, ctx: ProgramDecideContext): ProgramEvent[] {
  if (!state) throw new DomainError('NOT_FOUND', 'No such program.');
  if (ctx.actor.role !== 'province') throw new DomainError('FORBIDDEN', 'Only the province may open a publicity batch.');
  const { batchId, caseIds, startsAt, endsAt } = cmd.data;
  const errors: { field: string; messages: string[] }[] = [];
  if (typeof batchId !== 'string' || batchId.trim() === '') errors.push({ field: 'batchId', messages: ['must not be blank'] });
  if (!Array.isArray(caseIds) || caseIds.length === 0) errors.push({ field: 'caseIds', messages: ['at least one case is required'] });
  else if (new Set(caseIds).size !== caseIds.length) errors.push({ field: 'caseIds', messages: ['must not repeat a case'] });
  if (!isValidInstant(startsAt)) errors.push({ field: 'startsAt', messages: ['must be an ISO 8601 instant'] });
  if (!isValidInstant(endsAt)) errors.push({ field: 'endsAt', messages: ['must be an ISO 8601 instant'] });
  else if (isValidInstant(startsAt) && Date.parse(endsAt) <= Date.parse(startsAt))
    errors.push({ field: 'endsAt', messages: ['must be after startsAt'] });
  if (errors.length > 0) throw DomainError.validation(errors);
  if (state.publicityBatches.some((b) => b.batchId === batchId))
    throw DomainError.rules([{ rule: 'batch.exists', message: `Publicity batch ${batchId} already exists.` }]);
  const members = ctx.batchMembers;
  if (!members) throw new Error('OpenPublicityBatch needs the batch members in its context');
  const notHere = caseIds.filter((id) => !isOpenMember(members[id], state.programId));
  if (notHere.length > 0)
    throw new DomainError('ILLEGAL_TRANSITION', `Not open cases of this program: ${notHere.join(', ')}.`, { caseIds: notHere });
  return [{ type: 'PublicityBatchOpened', data: { batchId, caseIds: [...caseIds], startsAt, endsAt } }];
}

export function decideProgram(command: ProgramCommand, state: ProgramFold, ctx: ProgramDecideContext): ProgramEvent[] {
  switch (command.type) {
    case 'CreateProgram':
      return createProgram(command, state, ctx);
    case 'OpenPublicityBatch':
      return openPublicityBatch(command, state, ctx);
    case 'RemindWindowClosing':
      return remindWindowClosing(command, state, ctx);
    case 'CloseProgramWindow':
      return closeProgramWindow(command, state, ctx);
    default: {
      const never: never = command;
      throw new Error(`Unknown program command ${(never as { type: string }).type}`);
    }
  }
}

/** The program aggregate in the shared decider shape (see shared/decider.ts). */
export const programDecider: Decider<ProgramCommand, ProgramEvent, ProgramFold, ProgramDecideContext> = {
  initialState: initialProgramState,
  evolve: evolveProgram,
  decide: decideProgram,
};

/** The program's event stream (cross-case places: limits, quota, batches). */
export const programStream = (programId: string): string => `program-${programId}`;
