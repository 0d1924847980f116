import { DomainError } from '../errors';
import type { Actor } from '../shared';
import { decideProgram, type ProgramCommand } from './program.decider';
import type { PendingCase, ProgramEvent } from './program.events';
import { windowOpen } from './program.queries';
import { GD_BDPZ_2019_PROGRAM } from './program.seed';
import { foldProgram, type ProgramState } from './program.state';

const province: Actor = { userId: 'system', role: 'province' };
const city: Actor = { userId: 'u-gz', role: 'city', cityCode: '440100' };
const created: ProgramEvent = { type: 'ProgramCreated', data: { programId: 'p1', ...GD_BDPZ_2019_PROGRAM } };
const program = (...more: ProgramEvent[]): ProgramState => foldProgram([created, ...more]) as ProgramState;
const CLOSES_ON = GD_BDPZ_2019_PROGRAM.window.closesOn;
/** 00:00 of closesOn − 3 days, and 00:00 of the day after closesOn, in Asia/Shanghai. */
const REMIND_AT = new Date('2019-04-22T16:00:00Z');
const CLOSED_AT = new Date('2019-04-26T16:00:00Z');
const pending: PendingCase[] = [{ caseId: 'c1', cityCode: '440100', stage: 'cityAudit' }];
const remind: ProgramCommand = { type: 'RemindWindowClosing', data: { pendingCases: pending } };
const close: ProgramCommand = { type: 'CloseProgramWindow', data: {} };
const closing: ProgramEvent = { type: 'ProgramWindowClosing', data: { closesOn: CLOSES_ON, pendingCases: pending } };
const closed: ProgramEvent = { type: 'ProgramWindowClosed', data: { closesOn: CLOSES_ON } };

describe('RemindWindowClosing', () => {
  it('reminds once, naming the unsent cases', () => {
    expect(CLOSES_ON).toBe('2019-04-26');
    expect(decideProgram(remind, program(), { actor: province, now: REMIND_AT })).toEqual([closing]);
    expect(decideProgram(remind, program(closing), { actor: province, now: REMIND_AT })).toEqual([]);
    expect(program(closing).windowClosingReminded).toBe(true);
  });

  it('decides nothing once the window is over or closed; refuses other roles and bad lists', () => {
    expect(decideProgram(remind, program(), { actor: province, now: CLOSED_AT })).toEqual([]);
    expect(decideProgram(remind, program(closed), { actor: province, now: REMIND_AT })).toEqual([]);
    expect(() => decideProgram(remind, program(), { actor: city, now: REMIND_AT })).toThrow(DomainError);
    const bad: ProgramCommand = { type: 'RemindWindowClosing', data: { pendingCases: [{ caseId: 'c1', cityCode: '440100', stage: 'publicity' as never }] } };
    expect(() => decideProgram(bad, program(), { actor: province, now: REMIND_AT })).toThrow(/pendingCases|invalid|validation/i);
  });
});

describe('CloseProgramWindow', () => {
  it('records the close once after the last day; windowOpen stays the rule', () => {
    expect(windowOpen(program(), new Date(CLOSED_AT.getTime() - 1))).toBe(true);
    expect(decideProgram(close, program(), { actor: province, now: CLOSED_AT })).toEqual([closed]);
    expect(decideProgram(close, program(closed), { actor: province, now: CLOSED_AT })).toEqual([]);
    expect(program(closed).windowClosed).toBe(true);
    expect(windowOpen(program(closed), CLOSED_AT)).toBe(false);
  });

  it('is refused while the last day is still running', () => {
    expect(() => decideProgram(close, program(), { actor: province, now: new Date(CLOSED_AT.getTime() - 1) })).toThrow(/window is open until the end of 2019-04-26/);
  });
});
