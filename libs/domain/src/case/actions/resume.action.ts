/** `POST /cases/:id/resume {comment}`: the province takes a deferred case out of cultivation, back where it was. */
import type { Message } from '../../shared/decider';
import { can } from '../case.guard-kit';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { commentBody } from './bodies';

export type ResumeCase = Message<'ResumeCase', { comment: string }>;

export const resume = defineCaseAction<'resume', ResumeCase>({
  name: 'resume',
  commandType: 'ResumeCase',
  route: { method: 'POST', path: 'resume', status: 200, summary: 'Return a case from cultivation to the stage it was deferred from (province)', operationId: 'ResumeController_resume' },
  input: commentBody,
  toCommand: (body) => ({ type: 'ResumeCase', data: { comment: body.comment as string } }),
  guard: {
    roles: ['province'],
    stage: (s, _a, ctx) => {
      const from = s.machine.context.deferredFrom;
      return from !== undefined && can(s, ctx, { type: 'CaseResumed', data: { toStage: from } });
    },
  },
  decide: (cmd, s) => only({ type: 'CaseResumed', data: { comment: cmd.data.comment, toStage: s.machine.context.deferredFrom! } }),
});
