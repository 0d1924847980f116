/**
 * `POST /cases/:id/urge {comment}` (催办): a province officer, or an officer of a city of the case, presses whoever
 * holds the case now; `CaseUrged` names the holder, and the inbox (and e-mail) tell it.
 */
import type { Message } from '../../shared/decider';
import type { CaseHolder } from '../case.events';
import { can } from '../case.guard-kit';
import { currentHolder } from '../case.holder';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { commentBody } from './bodies';

export type UrgeCase = Message<'UrgeCase', { comment: string }>;

export const urge = defineCaseAction<'urge', UrgeCase>({
  name: 'urge',
  commandType: 'UrgeCase',
  route: { method: 'POST', path: 'urge', status: 200, summary: 'Urge whoever owes work on the case (province, city)', operationId: 'UrgeController_urge' },
  input: commentBody,
  toCommand: (body) => ({ type: 'UrgeCase', data: { comment: body.comment as string } }),
  guard: {
    roles: ['province', 'city'],
    // A first draft (never submitted) owes nobody anything yet; a draft returned for revision does.
    stage: (s, _a, ctx) => !(s.stage === 'draft' && s.submissions === 0) && can(s, ctx, { type: 'CaseUrged' }),
    // A city supervises its applicants and may press its own desk or a joint case's other city, not the province
    // or the experts.
    rules: (s, a) => {
      const holder = currentHolder(s)?.role;
      return a.role === 'city' && holder !== 'applicant' && holder !== 'city'
        ? { code: 'FORBIDDEN', message: `The case is with the ${holder ?? 'nobody'} now; a city urges only the applicant or the cities.` }
        : null;
    },
  },
  decide: (cmd, s, ctx) => {
    const { role, cityCode } = ctx.actor;
    const by = role === 'city' ? { role: 'city' as const, cityCode: cityCode! } : { role: 'province' as const };
    const holder: CaseHolder | undefined = currentHolder(s);
    // Every stage the machine accepts a notice in has a holder; a missing one means the two disagree.
    if (!holder) throw new Error(`Case ${s.caseId} in ${s.stage} has no holder`);
    return only({ type: 'CaseUrged', data: { comment: cmd.data.comment, by, holder } });
  },
});
