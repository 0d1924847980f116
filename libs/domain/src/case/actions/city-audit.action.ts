/**
 * `POST /cases/:id/city-audit {decision, comment?}`: the city officer audits its case — pass on to the
 * recommendation, return to the applicant for revision, or reject (the reasons are required for the last two).
 */
import { dateIn, PROGRAM_TIME_ZONE } from '../../program/program.dates';
import { isBlank } from '../../rules/formats';
import type { Message } from '../../shared/decider';
import { object, oneOf, optional, text } from '../../shared/input-schema';
import { can, PROBE } from '../case.guard-kit';
import { closing, only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { TEXT_MAX } from './bodies';

export type AuditCase = Message<'AuditCase', { decision: 'pass' | 'return' | 'reject'; comment?: string }>;

export const cityAudit = defineCaseAction<'city-audit', AuditCase>({
  name: 'city-audit',
  commandType: 'AuditCase',
  route: { method: 'POST', path: 'city-audit', status: 200, summary: "Record the city's audit: pass, return for revision or reject (city)", operationId: 'CityAuditController_audit' },
  input: object('CityAuditDto', {
    decision: oneOf(['pass', 'return', 'reject'], { description: 'pass → recommendation; return → back to draft; reject → rejected' }),
    comment: optional(text(TEXT_MAX, { blankOk: true, description: 'Required for return and reject (the reasons)', example: '请补充重点项目投资明细' })),
  }),
  refine: (body) => (body.decision !== 'pass' && isBlank(body.comment as string | undefined) ? [{ field: 'comment', messages: ['must not be blank'] }] : []),
  toCommand: (body) => ({
    type: 'AuditCase',
    data: { decision: body.decision as AuditCase['data']['decision'], ...(body.comment !== undefined ? { comment: body.comment as string } : {}) },
  }),
  guard: { roles: ['city'], stage: (s, a, ctx) => can(s, ctx, { type: 'CityAuditPassed', data: { cityCode: a.cityCode ?? PROBE } }) },
  decide: (cmd, s, ctx) => {
    const { decision } = cmd.data;
    const comment = cmd.data.comment ?? '';
    const cityCode = ctx.actor.cityCode!;
    switch (decision) {
      case 'pass':
        return only({ type: 'CityAuditPassed', data: { cityCode, comment, passedOn: dateIn(ctx.now, PROGRAM_TIME_ZONE) } });
      case 'return':
        return only({ type: 'CaseReturnedForRevision', data: { cityCode, comment } });
      case 'reject':
        return {
          caseEvents: [{ type: 'CaseRejected', data: { by: 'cityAudit', cityCode, reason: comment, fromStage: s.stage } }],
          programEvents: closing(s, ctx.program, 'rejected', `rejected by city ${cityCode}: ${comment}`),
        };
    }
  },
});
