/**
 * `POST /cases/:id/expert-review/conclude {decision?, comment?}`: the province concludes the expert review — pass
 * or fail computed from the panel's scores once all are in, or `defer` to cultivation at any time.
 */
import type { Message } from '../../shared/decider';
import { object, oneOf, optional, text } from '../../shared/input-schema';
import { aggregateScores } from '../../rules/scoring.rules';
import { activePanel } from '../case.access';
import type { CaseEvent } from '../case.events';
import { can } from '../case.guard-kit';
import { aggregateOf } from '../case.panel-checks';
import { closing, only, violation } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { LONG_TEXT_MAX } from './bodies';

/** Pass or fail is computed from the scores; `defer` parks the case in cultivation. */
export type ConcludeExpertReview = Message<'ConcludeExpertReview', { decision?: 'defer'; comment?: string }>;

export const concludeExpertReview = defineCaseAction<'expert-review/conclude', ConcludeExpertReview>({
  name: 'expert-review/conclude',
  commandType: 'ConcludeExpertReview',
  route: {
    method: 'POST', path: 'expert-review/conclude', status: 200,
    summary: 'Conclude expert review: pass or fail from the scores, or defer (province)', operationId: 'ConcludeExpertReviewController_conclude',
  },
  input: object('ConcludeExpertReviewDto', {
    decision: optional(oneOf(['defer'], { description: 'defer → cultivation; absent: pass or fail computed from the scores' })),
    comment: optional(text(LONG_TEXT_MAX, { blankOk: true })),
  }),
  toCommand: (body) => ({
    type: 'ConcludeExpertReview',
    data: { ...(body.decision !== undefined ? { decision: 'defer' as const } : {}), ...(body.comment !== undefined ? { comment: body.comment as string } : {}) },
  }),
  guard: { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'ExpertReviewConcluded', data: { outcome: 'defer' } }) },
  decide: (cmd, s, ctx) => {
    const { decision, comment } = cmd.data;
    const threshold = ctx.definition.passThreshold;
    const withComment = comment !== undefined ? { comment } : {};
    if (decision === 'defer') {
      const score = aggregateOf(s, ctx);
      return only({ type: 'ExpertReviewConcluded', data: { outcome: 'defer', ...(score !== undefined ? { score } : {}), threshold, ...withComment } });
    }
    if (s.substate !== 'scoring') throw violation('scores.missing', 'No expert panel has been formed yet, so there are no scores to conclude on.');
    const missing = activePanel(s).filter((id) => !s.machine.context.scored.includes(id));
    if (missing.length > 0) throw violation('scores.missing', `Still waiting for the scores of: ${missing.join(', ')}.`);
    const score = aggregateScores(Object.values(s.review.scores).map((x) => x.total), ctx.definition.panel.aggregation);
    const outcome = score >= threshold ? 'pass' : 'fail';
    const concluded: CaseEvent = { type: 'ExpertReviewConcluded', data: { outcome, score, threshold, ...withComment } };
    return outcome === 'pass'
      ? only(concluded)
      : { caseEvents: [concluded], programEvents: closing(s, ctx.program, 'notSelected', `expert review: ${score} < ${threshold}`) };
  },
});
