/** `POST /cases/:id/site-visit/result {decision, findings}`: the province records what the site visit found. */
import type { Message } from '../../shared/decider';
import { object, oneOf, text } from '../../shared/input-schema';
import type { CaseEvent } from '../case.events';
import { can } from '../case.guard-kit';
import { DECISIONS } from '../case.panel-checks';
import { closing, only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { LONG_TEXT_MAX } from './bodies';

export type RecordSiteVisitResult = Message<'RecordSiteVisitResult', { decision: 'pass' | 'fail' | 'defer'; findings: string }>;

export const siteVisitResult = defineCaseAction<'site-visit/result', RecordSiteVisitResult>({
  name: 'site-visit/result',
  commandType: 'RecordSiteVisitResult',
  route: { method: 'POST', path: 'site-visit/result', status: 200, summary: "Record the site visit's result (province)", operationId: 'SiteVisitResultController_record' },
  input: object('SiteVisitResultDto', {
    decision: oneOf(DECISIONS),
    findings: text(LONG_TEXT_MAX, { example: '基础设施完备，需补充数据安全制度。' }),
  }),
  toCommand: (body) => ({ type: 'RecordSiteVisitResult', data: { decision: body.decision as RecordSiteVisitResult['data']['decision'], findings: body.findings as string } }),
  guard: { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'SiteVisitResultRecorded', data: { decision: 'pass' } }) },
  decide: (cmd, s, ctx) => {
    const { decision, findings } = cmd.data;
    const event: CaseEvent = { type: 'SiteVisitResultRecorded', data: { decision, findings } };
    return decision === 'fail'
      ? { caseEvents: [event], programEvents: closing(s, ctx.program, 'notSelected', `site visit failed: ${findings}`) }
      : only(event);
  },
});
