/** `POST /cases/:id/recusal {reason}`: an expert of the panel declares a conflict of interest and leaves it (回避). */
import type { Message } from '../../shared/decider';
import { can, PROBE } from '../case.guard-kit';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { reasonBody } from './bodies';

export type RecuseExpert = Message<'RecuseExpert', { reason: string }>;

export const recusal = defineCaseAction<'recusal', RecuseExpert>({
  name: 'recusal',
  commandType: 'RecuseExpert',
  route: { method: 'POST', path: 'recusal', status: 200, summary: 'Declare a conflict of interest and leave the panel (expert)', operationId: 'RecusalController_recuse' },
  input: reasonBody,
  toCommand: (body) => ({ type: 'RecuseExpert', data: { reason: body.reason as string } }),
  guard: { roles: ['expert'], stage: (s, a, ctx) => can(s, ctx, { type: 'ExpertRecused', data: { expertId: a.expertId ?? PROBE } }) },
  decide: (cmd, _s, ctx) => only({ type: 'ExpertRecused', data: { expertId: ctx.actor.expertId!, reason: cmd.data.reason } }),
});
