/** `POST /cases/:id/site-visit {scheduledAt, team}`: the province schedules the site visit (实地考察) and names its team. */
import type { Message } from '../../shared/decider';
import { list, object, text } from '../../shared/input-schema';
import { can } from '../case.guard-kit';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';

export type ScheduleSiteVisit = Message<'ScheduleSiteVisit', { scheduledAt: string; team: string[] }>;

export const siteVisit = defineCaseAction<'site-visit', ScheduleSiteVisit>({
  name: 'site-visit',
  commandType: 'ScheduleSiteVisit',
  route: { method: 'POST', path: 'site-visit', status: 200, summary: 'Schedule the site visit (province)', operationId: 'ScheduleSiteVisitController_schedule' },
  input: object('ScheduleSiteVisitDto', {
    scheduledAt: text(40, { format: 'instant', example: '2019-07-02T09:30:00+08:00', description: 'ISO 8601 instant with a zone' }),
    team: list(text(100), 50, { example: ['王处长', '李教授'] }),
  }),
  refine: (body) => ((body.team as unknown[]).length === 0 ? [{ field: 'team', messages: ['must name at least one member'] }] : []),
  toCommand: (body) => ({ type: 'ScheduleSiteVisit', data: { scheduledAt: body.scheduledAt as string, team: [...(body.team as string[])] } }),
  guard: { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'SiteVisitScheduled' }) },
  decide: (cmd) => only({ type: 'SiteVisitScheduled', data: { scheduledAt: cmd.data.scheduledAt, team: [...cmd.data.team] } }),
});
