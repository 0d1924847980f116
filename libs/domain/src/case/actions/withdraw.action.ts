/** `POST /cases/:id/withdraw {reason}`: the applicant withdraws its application; the places it held are freed. */
import type { Message } from '../../shared/decider';
import { can } from '../case.guard-kit';
import { closing } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { reasonBody } from './bodies';

export type WithdrawCase = Message<'WithdrawCase', { reason: string }>;

export const withdraw = defineCaseAction<'withdraw', WithdrawCase>({
  name: 'withdraw',
  commandType: 'WithdrawCase',
  route: { method: 'POST', path: 'withdraw', status: 200, summary: 'Withdraw the application (applicant)', operationId: 'WithdrawController_withdraw' },
  input: reasonBody,
  toCommand: (body) => ({ type: 'WithdrawCase', data: { reason: body.reason as string } }),
  guard: { roles: ['applicant'], stage: (s, _a, ctx) => can(s, ctx, { type: 'CaseWithdrawn' }) },
  decide: (cmd, s, ctx) => ({
    caseEvents: [{ type: 'CaseWithdrawn', data: { reason: cmd.data.reason, fromStage: s.stage } }],
    programEvents: closing(s, ctx.program, 'withdrawn', `withdrawn: ${cmd.data.reason}`),
  }),
});
