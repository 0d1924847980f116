/** `POST /cases/:id/defense {scheduledAt, venue, panelExpertIds}`: the province schedules the defense (答辩) and its panel. */
import type { Message } from '../../shared/decider';
import { list, object, text } from '../../shared/input-schema';
import { can } from '../case.guard-kit';
import { checkChosen, ensureNoConflict } from '../case.panel-checks';
import { Input, only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';

export type ScheduleDefense = Message<'ScheduleDefense', { scheduledAt: string; venue: string; panelExpertIds: string[] }>;

export const defense = defineCaseAction<'defense', ScheduleDefense>({
  name: 'defense',
  commandType: 'ScheduleDefense',
  route: { method: 'POST', path: 'defense', status: 200, summary: 'Schedule the defense with its panel (province)', operationId: 'ScheduleDefenseController_schedule' },
  input: object('ScheduleDefenseDto', {
    scheduledAt: text(40, { format: 'instant', example: '2019-06-10T09:00:00+08:00', description: 'ISO 8601 instant with a zone' }),
    venue: text(200, { example: '省工业和信息化厅 3 楼会议室' }),
    panelExpertIds: list(text(64, { blankOk: true }), 50, { description: 'Expert ids from the pool' }),
  }),
  refine: (body) => ((body.panelExpertIds as unknown[]).length === 0 ? [{ field: 'panelExpertIds', messages: ['must name at least one expert'] }] : []),
  toCommand: (body) => ({
    type: 'ScheduleDefense',
    data: { scheduledAt: body.scheduledAt as string, venue: body.venue as string, panelExpertIds: [...(body.panelExpertIds as string[])] },
  }),
  needsExperts: true,
  guard: { roles: ['province'], stage: (s, _a, ctx) => can(s, ctx, { type: 'DefenseScheduled' }) },
  decide: (cmd, s, ctx) => {
    const { scheduledAt, venue, panelExpertIds } = cmd.data;
    // Whether the experts exist, are active and free of conflicts is the pool's to say.
    if (ctx.experts) {
      const input = new Input();
      checkChosen(input, 'panelExpertIds', panelExpertIds, panelExpertIds.length, ctx.experts, []);
      input.done();
      ensureNoConflict(s, ctx, panelExpertIds, ctx.experts);
    }
    return only({ type: 'DefenseScheduled', data: { scheduledAt, venue, panelExpertIds: [...panelExpertIds] } });
  },
});
