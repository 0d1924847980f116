/**
 * `POST /cases/:id/panel {expertIds} | {draw, seed?}`: the province forms the expert panel by choice or by a
 * reproducible draw (conflicts excluded, the draw recorded); while a recused seat is open, it fills that seat.
 */
import type { Message } from '../../shared/decider';
import { integer, list, object, optional, text } from '../../shared/input-schema';
import { drawPanel } from '../../rules/recusal.rules';
import type { CaseEvent } from '../case.events';
import { can, inStage, openSeats, PROBE } from '../case.guard-kit';
import { checkChosen, ensureNoConflict, partiesOf, poolOf } from '../case.panel-checks';
import { Input, only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';

/** Choose the experts, or draw `draw` of them reproducibly from `seed`; while a recused seat is open it fills it. */
export type FormPanel = Message<'FormPanel', { expertIds: string[] } | { draw: number; seed: string }>;

export const panel = defineCaseAction<'panel', FormPanel>({
  name: 'panel',
  commandType: 'FormPanel',
  route: { method: 'POST', path: 'panel', status: 200, summary: 'Form the expert panel, by choice or by a seeded draw (province)', operationId: 'PanelController_form' },
  input: object('PanelDto', {
    expertIds: optional(list(text(64, { blankOk: true }), 50, { description: 'Chosen experts: the panel size, or the open (recused) seats' })),
    draw: optional(integer(1, 50, { example: 5, description: 'Draw this many experts (the panel size, or the open seats)' })),
    seed: optional(text(200, { description: 'Seed of the draw; generated (and recorded) when absent' })),
  }),
  refine: (body) => {
    const chosen = body.expertIds !== undefined;
    return chosen === (body.draw !== undefined) || (chosen && body.seed !== undefined)
      ? [{ field: chosen ? 'seed' : 'draw', messages: ['send either {expertIds} or {draw, seed?}'] }]
      : [];
  },
  // The seed is chosen once per request, outside the runner's retries, so a retried decision draws the same panel.
  toCommand: (body, { newSeed }) =>
    body.expertIds !== undefined
      ? { type: 'FormPanel', data: { expertIds: [...(body.expertIds as string[])] } }
      : { type: 'FormPanel', data: { draw: body.draw as number, seed: (body.seed as string | undefined) ?? newSeed() } },
  needsExperts: true,
  guard: {
    roles: ['province'],
    stage: (s, _a, ctx) =>
      (inStage(s, 'expertReview', 'forming') && can(s, ctx, { type: 'ExpertPanelFormed', data: { expertIds: [PROBE] } })) ||
      (inStage(s, 'expertReview', 'scoring') && openSeats(s).length > 0),
  },
  decide: (cmd, s, ctx) => {
    const pool = poolOf(ctx);
    const seats = openSeats(s);
    const replacing = s.substate === 'scoring';
    const needed = replacing ? seats.length : ctx.definition.panel.size;
    const barred = [...s.machine.context.panel, ...s.machine.context.recused];
    const input = new Input();
    let chosen: string[];
    let draw: { seed: string; pool: string[]; excluded: { expertId: string; reason: string }[] } | undefined;
    if ('expertIds' in cmd.data) {
      const ids = cmd.data.expertIds;
      checkChosen(input, 'expertIds', ids, needed, pool, barred);
      input.done();
      chosen = ids;
      ensureNoConflict(s, ctx, chosen, pool);
    } else {
      const { draw: n, seed } = cmd.data;
      input.check(n === needed, 'draw', `must be ${needed} (${replacing ? 'the open seats' : 'the panel size'})`);
      input.done();
      const eligible = pool.filter((e) => !e.retired && !barred.includes(e.id));
      const drawn = drawPanel(eligible, needed, seed, partiesOf(s), ctx.definition.recusal);
      chosen = drawn.expertIds;
      draw = { seed, pool: drawn.pool, excluded: drawn.excluded };
    }
    if (!replacing) {
      return only({ type: 'ExpertPanelFormed', data: draw ? { expertIds: chosen, method: 'drawn', draw } : { expertIds: chosen, method: 'chosen' } });
    }
    return only(
      ...seats.map((recusedExpertId, i): CaseEvent => ({
        type: 'ExpertReplaced',
        data: draw ? { recusedExpertId, expertId: chosen[i], method: 'drawn', seed: draw.seed, draw } : { recusedExpertId, expertId: chosen[i], method: 'chosen' },
      })),
    );
  },
});
