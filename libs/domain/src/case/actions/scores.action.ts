/** `POST /cases/:id/scores {scores, comment?}`: an expert of the panel scores the case once, on every criterion of the rubric. */
import { DomainError } from '../../errors';
import { scoreTotal, validateScores } from '../../rules/scoring.rules';
import type { Message } from '../../shared/decider';
import { map, number, object, optional, text } from '../../shared/input-schema';
import { inStage, PROBE, rule } from '../case.guard-kit';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { LONG_TEXT_MAX } from './bodies';

export type SubmitScores = Message<'SubmitScores', { scores: Record<string, number>; comment?: string }>;

export const scores = defineCaseAction<'scores', SubmitScores>({
  name: 'scores',
  commandType: 'SubmitScores',
  route: { method: 'POST', path: 'scores', status: 200, summary: "Submit an assigned expert's scores (expert)", operationId: 'ScoresController_score' },
  input: object('ScoresDto', {
    scores: map(number(), 100, {
      description: 'criterion id → points (0 to the criterion maximum); every criterion of the rubric',
      example: { basis: 16, plan: 17, tasks: 16, investment: 12, policy: 8, innovation: 12 },
    }),
    comment: optional(text(LONG_TEXT_MAX, { blankOk: true })),
  }),
  toCommand: (body) => ({
    type: 'SubmitScores',
    data: { scores: { ...(body.scores as Record<string, number>) }, ...(body.comment !== undefined ? { comment: body.comment as string } : {}) },
  }),
  guard: {
    roles: ['expert'],
    stage: (s) => inStage(s, 'expertReview', 'scoring'),
    rules: (s, a) =>
      s.machine.context.scored.includes(a.expertId ?? PROBE)
        ? rule('RULE_VIOLATION', 'scores.once', 'You have already scored this case; scores cannot be changed.')
        : null,
  },
  decide: (cmd, _s, ctx) => {
    // Which criteria there are and their maxima are the workflow version's: checked here, not by the body's schema.
    const errors = validateScores(ctx.definition.rubric, cmd.data.scores);
    if (errors.length > 0) throw DomainError.validation(errors);
    const total = scoreTotal(ctx.definition.rubric, cmd.data.scores);
    return only({ type: 'ScoresSubmitted', data: { expertId: ctx.actor.expertId!, scores: { ...cmd.data.scores }, total, comment: cmd.data.comment ?? '' } });
  },
});
