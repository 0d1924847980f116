/** `POST /cases/:id/defense/result {decision, score?, comment}`: the province records the defense's result. */
import { isBlank } from '../../rules/formats';
import type { Message } from '../../shared/decider';
import { number, object, oneOf, optional, text } from '../../shared/input-schema';
import type { CaseEvent } from '../case.events';
import { can } from '../case.guard-kit';
import { DECISIONS } from '../case.panel-checks';
import { closing, only, violation } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { TEXT_MAX } from './bodies';

export type RecordDefenseResult = Message<'RecordDefenseResult', { decision: 'pass' | 'fail' | 'defer'; score?: number; comment: string }>;

export const defenseResult = defineCaseAction<'defense/result', RecordDefenseResult>({
  name: 'defense/result',
  commandType: 'RecordDefenseResult',
  route: { method: 'POST', path: 'defense/result', status: 200, summary: "Record the defense's result (province)", operationId: 'DefenseResultController_record' },
  input: object('DefenseResultDto', {
    decision: oneOf(DECISIONS),
    score: optional(number({ min: 0, example: 85 })),
    comment: text(TEXT_MAX, { blankOk: true, description: 'Required (not blank) for fail and defer' }),
  }),
  refine: (body) => (body.decision !== 'pass' && isBlank(body.comment as string) ? [{ field: 'comment', messages: ['must not be blank'] }] : []),
  toCommand: (body) => ({
    type: 'RecordDefenseResult',
    data: { decision: body.decision as RecordDefenseResult['data']['decision'], ...(body.score !== undefined ? { score: body.score as number } : {}), comment: body.comment as string },
  }),
  guard: { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'DefenseResultRecorded', data: { decision: 'pass' } }) },
  decide: (cmd, s, ctx) => {
    const { decision, score, comment } = cmd.data;
    const passMark = ctx.definition.defensePassThreshold;
    if (decision === 'pass' && score !== undefined && passMark !== undefined && score < passMark)
      throw violation('defense.score', `A defense score of ${score} is below the pass mark ${passMark}.`);
    const event: CaseEvent = { type: 'DefenseResultRecorded', data: { decision, ...(score !== undefined ? { score } : {}), comment } };
    return decision === 'fail'
      ? { caseEvents: [event], programEvents: closing(s, ctx.program, 'notSelected', `defense failed: ${comment}`) }
      : only(event);
  },
});
