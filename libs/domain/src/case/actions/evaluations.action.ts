/**
 * `POST /cases/:id/evaluations {period, rating, comment, rectificationDueOn?}`: each city of the case, then the
 * province, rates a reported period; a failed province rating orders a rectification (整改) while rounds are left.
 */
import { RATINGS, type Rating } from '@shenbao/workflows';
import { dateIn } from '../../program/program.dates';
import type { Message } from '../../shared/decider';
import { object, oneOf, optional, text } from '../../shared/input-schema';
import { can } from '../case.guard-kit';
import { Input, only, violation } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { TEXT_MAX } from './bodies';

export type EvaluateProgress = Message<'EvaluateProgress', { period: string; rating: Rating; comment: string; rectificationDueOn?: string }>;

export const evaluations = defineCaseAction<'evaluations', EvaluateProgress>({
  name: 'evaluations',
  commandType: 'EvaluateProgress',
  route: { method: 'POST', path: 'evaluations', status: 200, summary: 'Rate a progress period of an approved zone (city, province)', operationId: 'EvaluateProgressController_evaluate' },
  input: object('EvaluateProgressDto', {
    period: text(50, { example: '2019H2' }),
    rating: oneOf(RATINGS),
    comment: text(TEXT_MAX),
    rectificationDueOn: optional(text(10, { format: 'date', example: '2020-06-30', description: 'Province, failed rating: orders a rectification (整改) due then' })),
  }),
  toCommand: (body) => ({
    type: 'EvaluateProgress',
    data: {
      period: body.period as string,
      rating: body.rating as Rating,
      comment: body.comment as string,
      ...(body.rectificationDueOn !== undefined ? { rectificationDueOn: body.rectificationDueOn as string } : {}),
    },
  }),
  guard: {
    roles: ['city', 'province'],
    stage: (s, a, ctx) => can(s, ctx, { type: 'ProgressEvaluated', data: { level: a.role === 'city' ? 'city' : 'province', rating: 'pass' } }),
  },
  decide: (cmd, s, ctx) => {
    const { period, rating, comment, rectificationDueOn } = cmd.data;
    const { monitoring } = ctx.definition;
    const level = ctx.actor.role === 'city' ? 'city' : 'province';
    // The ratings in use, and "after today", are the workflow version's and the clock's: checked here.
    const input = new Input();
    input.check(monitoring.ratings.includes(rating), 'rating', `must be one of ${monitoring.ratings.join(', ')}`);
    if (rectificationDueOn !== undefined) {
      input.check(level === 'province', 'rectificationDueOn', 'only the province orders a rectification');
      input.check(rating === 'fail', 'rectificationDueOn', 'only a failed evaluation orders a rectification');
      input.check(rectificationDueOn > dateIn(ctx.now, ctx.definition.timeZone), 'rectificationDueOn', 'must be a date YYYY-MM-DD after today');
    }
    input.done();
    const ofPeriod = s.monitoring.evaluations.filter((e) => e.period === period);
    if (level === 'city') {
      if (ofPeriod.some((e) => e.level === 'city' && e.cityCode === ctx.actor.cityCode))
        throw violation('evaluation.duplicate', `City ${ctx.actor.cityCode} has already evaluated ${period}.`);
      return only({ type: 'ProgressEvaluated', data: { period, level, cityCode: ctx.actor.cityCode!, rating, comment } });
    }
    const waiting = s.cities.filter((c) => !ofPeriod.some((e) => e.level === 'city' && e.cityCode === c));
    if (waiting.length > 0) throw violation('evaluation.cityFirst', `The city evaluation of ${period} comes first; waiting for: ${waiting.join(', ')}.`);
    // A rectification is judged by a further province evaluation of the same period.
    if (ofPeriod.some((e) => e.level === 'province') && !s.machine.context.rectificationOpen)
      throw violation('evaluation.duplicate', `The province has already evaluated ${period}.`);
    const roundsLeft = monitoring.rectificationRounds - s.monitoring.rectifications.length;
    if (rating === 'fail' && rectificationDueOn === undefined && roundsLeft > 0 && !s.machine.context.rectificationOpen)
      throw violation('rectification.dueOn', 'A failed evaluation orders a rectification: give rectificationDueOn.');
    if (rectificationDueOn !== undefined && roundsLeft <= 0)
      throw violation('rectification.rounds', `No rectification rounds are left (${monitoring.rectificationRounds} allowed); the pilot may be revoked instead.`);
    return only({ type: 'ProgressEvaluated', data: { period, level, rating, comment, ...(rectificationDueOn !== undefined ? { rectificationDueOn } : {}) } });
  },
});
