/** `POST /cases/:id/complete {comment}`: the province closes a pilot as completed (验收), once no rectification is open. */
import type { Message } from '../../shared/decider';
import { inStage, rule } from '../case.guard-kit';
import { closing } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { commentBody } from './bodies';

export type CompletePilot = Message<'CompletePilot', { comment: string }>;

export const complete = defineCaseAction<'complete', CompletePilot>({
  name: 'complete',
  commandType: 'CompletePilot',
  route: { method: 'POST', path: 'complete', status: 200, summary: 'Complete the monitoring of an approved zone (province)', operationId: 'CompleteController_complete' },
  input: commentBody,
  toCommand: (body) => ({ type: 'CompletePilot', data: { comment: body.comment as string } }),
  guard: {
    roles: ['province'],
    stage: (s) => inStage(s, 'progressEvaluation'),
    rules: (s) =>
      s.machine.context.rectificationOpen
        ? rule('RULE_VIOLATION', 'rectification.open', 'A rectification is open: the pilot cannot be completed until it is passed.')
        : null,
  },
  decide: (cmd, s, ctx) => ({
    caseEvents: [{ type: 'PilotCompleted', data: { comment: cmd.data.comment } }],
    programEvents: closing(s, ctx.program, 'completed', cmd.data.comment),
  }),
});
