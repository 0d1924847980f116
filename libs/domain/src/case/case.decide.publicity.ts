/** Deciding the publicity steps driven by the program and its timer: a batch's start, the period's end. */
import { DomainError } from '../errors';
import { publicityBatchOf } from '../program/program.queries';
import type { EndPublicity, StartPublicity } from './case.commands';
import type { CaseDecideContext } from './case.guards';
import { ensure, Input, NOTHING, only, violation, type CaseDecision } from './case.decide.shared';
import type { CaseState } from './case.state';

export function startPublicity(cmd: StartPublicity, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('start-publicity', s, ctx);
  const { batchId, startsAt, endsAt } = cmd.data;
  const batch = publicityBatchOf(ctx.program, batchId);
  if (!batch || !batch.caseIds.includes(s.caseId))
    throw violation('publicity.batch', `Case ${s.caseId} is not in publicity batch ${batchId} of this program.`);
  const input = new Input();
  input.check(startsAt === batch.startsAt, 'startsAt', `must be the batch's start ${batch.startsAt}`);
  input.check(endsAt === batch.endsAt, 'endsAt', `must be the batch's end ${batch.endsAt}`);
  input.done();
  return only({ type: 'PublicityStarted', data: { batchId, startsAt, endsAt } });
}

/** The publicity timer: a stale timer (another batch, or the case already left) decides nothing. */
export function endPublicity(cmd: EndPublicity, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  if (ctx.actor.role !== 'province' && ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only the province or the system ends a publicity period.');
  if (s.stage !== 'publicity' || s.substate !== 'open' || s.publicity.batchId !== cmd.data.batchId) return NOTHING;
  if (ctx.now.getTime() < Date.parse(s.publicity.endsAt ?? '')) throw violation('publicity.running', `The publicity period runs until ${s.publicity.endsAt}.`);
  const open = s.machine.context.openObjections;
  if (open.length > 0) throw violation('objections.open', `The publicity period cannot close while objections are unresolved: ${open.join(', ')}.`);
  return only({ type: 'PublicityEnded', data: { batchId: cmd.data.batchId } });
}

