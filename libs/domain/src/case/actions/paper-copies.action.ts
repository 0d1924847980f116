/**
 * `POST /cases/:id/paper-copies {copies, receivedOn, receiver, matchesSha256?}`: a city officer (of a city of the
 * case) or the province registers paper copies of the sealed application received (一式五份), and, when they match
 * the sealed scan, that scan's SHA-256. From the city audit until the case closes.
 */
import { dateIn, PROGRAM_TIME_ZONE } from '../../program/program.dates';
import type { Message } from '../../shared/decider';
import { integer, object, optional, text } from '../../shared/input-schema';
import { can } from '../case.guard-kit';
import { Input, only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';

export type RecordPaperCopies = Message<'RecordPaperCopies', { copies: number; receivedOn: string; receiver: string; matchesSha256?: string }>;

export const paperCopies = defineCaseAction<'paper-copies', RecordPaperCopies>({
  name: 'paper-copies',
  commandType: 'RecordPaperCopies',
  route: { method: 'POST', path: 'paper-copies', status: 200, summary: 'Register paper copies of the sealed application received (city, province)' },
  input: object('PaperCopiesDto', {
    copies: integer(1, 20, { example: 5, description: 'Copies received in this delivery (the notice asks for five: 一式五份)' }),
    receivedOn: text(10, { format: 'date', example: '2019-04-02', description: 'YYYY-MM-DD; not in the future, not before the case was submitted' }),
    receiver: text(50, { example: '李四', description: 'Who received them' }),
    matchesSha256: optional(text(64, { format: 'sha256', description: 'The sealed scan the paper was compared with and matches' })),
  }),
  toCommand: (body) => ({
    type: 'RecordPaperCopies',
    data: {
      copies: body.copies as number,
      receivedOn: body.receivedOn as string,
      receiver: (body.receiver as string).trim(),
      ...(body.matchesSha256 !== undefined ? { matchesSha256: body.matchesSha256 as string } : {}),
    },
  }),
  guard: { roles: ['city', 'province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'PaperCopiesReceived' }) },
  decide: (cmd, s, ctx) => {
    const { receivedOn } = cmd.data;
    // Cases submitted before the day was recorded: the earliest they can have been submitted is the window's opening.
    const submittedOn = s.submittedOn ?? ctx.program.settings.window.opensOn;
    const input = new Input();
    input.check(receivedOn <= dateIn(ctx.now, PROGRAM_TIME_ZONE), 'receivedOn', 'must not be in the future');
    input.check(receivedOn >= submittedOn, 'receivedOn', `must not be before the case was submitted (${submittedOn})`);
    input.done();
    const { role, cityCode } = ctx.actor;
    const recordedBy = role === 'city' ? { role: 'city' as const, cityCode: cityCode! } : { role: 'province' as const };
    return only({ type: 'PaperCopiesReceived', data: { ...cmd.data, recordedBy } });
  },
});
