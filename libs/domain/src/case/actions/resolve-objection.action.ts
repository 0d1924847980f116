/**
 * `POST /cases/:id/objections/:objectionId/resolution {upheld, comment, returnTo?}`: the province resolves an
 * objection — dismissed, or upheld with the stage the case goes back to (or rejected).
 */
import { isStageEnabled, RETURNABLE_STAGES } from '@shenbao/workflows';
import { DomainError } from '../../errors';
import type { Message } from '../../shared/decider';
import { boolean, object, oneOf, optional, text } from '../../shared/input-schema';
import type { CaseEvent } from '../case.events';
import { inStage } from '../case.guard-kit';
import { closing, Input, only, violation } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { TEXT_MAX } from './bodies';

const RETURN_TARGETS = ['expertReview', 'defense', 'siteVisit', 'rejected'] as const;

export type ResolveObjection = Message<'ResolveObjection', {
  objectionId: string;
  upheld: boolean;
  comment: string;
  returnTo?: (typeof RETURN_TARGETS)[number];
}>;

export const resolveObjection = defineCaseAction<'objections/:objectionId/resolution', ResolveObjection>({
  name: 'objections/:objectionId/resolution',
  commandType: 'ResolveObjection',
  route: {
    method: 'POST', path: 'objections/:objectionId/resolution', status: 200,
    summary: 'Resolve an objection: upheld or not, and where the case goes (province)', operationId: 'ResolveObjectionController_resolve',
    pathIds: { objectionId: 'objection' },
  },
  input: object('ResolveObjectionDto', {
    upheld: boolean(),
    comment: text(TEXT_MAX),
    returnTo: optional(oneOf(RETURN_TARGETS, { description: 'Required when upheld: where the case goes back to' })),
  }),
  toCommand: (body, { params }) => ({
    type: 'ResolveObjection',
    data: {
      objectionId: params.objectionId,
      upheld: body.upheld as boolean,
      comment: body.comment as string,
      ...(body.returnTo !== undefined ? { returnTo: body.returnTo as ResolveObjection['data']['returnTo'] } : {}),
    },
  }),
  guard: { roles: ['province'], stage: (s) => inStage(s, 'publicity', 'open') && s.machine.context.openObjections.length > 0 },
  decide: (cmd, s, ctx) => {
    const { objectionId, upheld, comment, returnTo } = cmd.data;
    const objection = s.publicity.objections.find((o) => o.objectionId === objectionId);
    if (!objection) throw new DomainError('NOT_FOUND', `No objection ${objectionId} on this case's publicity.`);
    if (objection.resolution) throw violation('objection.resolved', `Objection ${objectionId} is already resolved.`);
    // Which stages a case may go back to is the workflow version's (a disabled stage is no target).
    const targets = [...RETURNABLE_STAGES.filter((st) => isStageEnabled(ctx.definition, st)), 'rejected'] as const;
    const input = new Input();
    if (upheld) input.check((targets as readonly string[]).includes(returnTo ?? ''), 'returnTo', `is required when upheld: one of ${targets.join(', ')}`);
    else input.check(returnTo === undefined, 'returnTo', 'only applies to an upheld objection');
    input.done();
    const resolved: CaseEvent = { type: 'ObjectionResolved', data: { objectionId, upheld, comment, ...(upheld ? { returnTo } : {}) } };
    if (upheld && returnTo === 'rejected') {
      return { caseEvents: [resolved], programEvents: closing(s, ctx.program, 'rejected', `objection ${objectionId} upheld: ${comment}`) };
    }
    if (upheld) return only(resolved);
    // The period could not close while this objection was open; once the last one is dismissed after the end, it does.
    const othersOpen = s.machine.context.openObjections.some((id) => id !== objectionId);
    const over = s.publicity.endsAt !== undefined && ctx.now.getTime() >= Date.parse(s.publicity.endsAt);
    return over && !othersOpen && s.publicity.batchId
      ? only(resolved, { type: 'PublicityEnded', data: { batchId: s.publicity.batchId } })
      : only(resolved);
  },
});
