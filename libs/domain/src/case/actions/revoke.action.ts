/** `POST /cases/:id/revoke {reason}`: the province revokes an approved pilot (撤销), closing the case. */
import type { Message } from '../../shared/decider';
import { can } from '../case.guard-kit';
import { closing } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { reasonBody } from './bodies';

export type RevokePilot = Message<'RevokePilot', { reason: string }>;

export const revoke = defineCaseAction<'revoke', RevokePilot>({
  name: 'revoke',
  commandType: 'RevokePilot',
  route: { method: 'POST', path: 'revoke', status: 200, summary: 'Revoke an approved zone (province)', operationId: 'RevokeController_revoke' },
  input: reasonBody,
  toCommand: (body) => ({ type: 'RevokePilot', data: { reason: body.reason as string } }),
  guard: { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'PilotRevoked' }) },
  decide: (cmd, s, ctx) => ({
    caseEvents: [{ type: 'PilotRevoked', data: { reason: cmd.data.reason } }],
    programEvents: closing(s, ctx.program, 'revoked', cmd.data.reason),
  }),
});
