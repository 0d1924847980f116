/** Deciding publicity (公示) and approval (批复): batch start, objections, the end of the period, the reply. */
import { isStageEnabled, RETURNABLE_STAGES } from '@shenbao/workflows';
import { DomainError } from '../errors';
import { dateIn, PROGRAM_TIME_ZONE } from '../program/program.dates';
import { approvalBatchNoFor, latestApprovalDate, publicityBatchOf, replyLetterUsed } from '../program/program.queries';
import { approvalBreaches } from '../rules/letters.rules';
import { isBlank, isDate, isId } from '../rules/formats';
import type { EndPublicity, GrantApproval, RaiseObjection, ResolveObjection, StartPublicity } from './case.commands';
import type { CaseEvent } from './case.events';
import type { CaseDecideContext } from './case.guards';
import { closing, ensure, Input, NOTHING, only, violation, type CaseDecision } from './case.decide.shared';
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

/** Whether a day (in the workflow's zone) overlaps the publicity period [startsAt, endsAt). */
function withinPeriod(day: string, s: CaseState, timeZone: string): boolean {
  const { startsAt, endsAt } = s.publicity;
  if (!startsAt || !endsAt) return false;
  const first = dateIn(new Date(startsAt), timeZone);
  const last = dateIn(new Date(Date.parse(endsAt) - 1), timeZone);
  return first <= day && day <= last;
}

export function raiseObjection(cmd: RaiseObjection, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('objections', s, ctx);
  const { objectionId, objector, summary, receivedOn } = cmd.data;
  const tz = ctx.definition.timeZone;
  const input = new Input();
  input.check(typeof objectionId === 'string' && isId(objectionId), 'objectionId', 'must be an id');
  const o = typeof objector === 'object' && objector !== null ? objector : undefined;
  input.check(!!o, 'objector', 'must be an object');
  if (o) {
    input.check(o.kind === 'person' || o.kind === 'unit', 'objector.kind', 'must be person or unit');
    input.check(o.name === undefined || typeof o.name === 'string', 'objector.name', 'must be a string');
    input.check(o.contact === undefined || typeof o.contact === 'string', 'objector.contact', 'must be a string');
    input.check(o.evidence === undefined || typeof o.evidence === 'string', 'objector.evidence', 'must be a string');
  }
  input.text('summary', summary, 5000);
  input.check(typeof receivedOn === 'string' && isDate(receivedOn), 'receivedOn', 'must be a date YYYY-MM-DD');
  if (typeof receivedOn === 'string' && isDate(receivedOn))
    input.check(receivedOn <= dateIn(ctx.now, tz), 'receivedOn', 'must not be in the future');
  input.done();
  if (isBlank(objector.name) || isBlank(objector.contact)) {
    const who = objector.kind === 'unit' ? 'a unit must give its name (under its seal) and a contact' : 'a person must give a name and a contact';
    throw violation('objection.anonymous', `Anonymous objections are not accepted: ${who}.`);
  }
  if (s.publicity.objections.some((x) => x.objectionId === objectionId))
    throw violation('objection.exists', `Objection ${objectionId} is already recorded.`);
  if (!withinPeriod(receivedOn, s, tz))
    throw new DomainError('PUBLICITY_CLOSED', `An objection received on ${receivedOn} is outside the publicity period (${s.publicity.startsAt} – ${s.publicity.endsAt}).`);
  const clean = { kind: objector.kind, name: objector.name.trim(), contact: objector.contact.trim(), ...(objector.evidence !== undefined ? { evidence: objector.evidence } : {}) };
  return only({ type: 'ObjectionRaised', data: { objectionId, objector: clean, summary, receivedOn } });
}

export function resolveObjection(cmd: ResolveObjection, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('objections/:objectionId/resolution', s, ctx);
  const { objectionId, upheld, comment, returnTo } = cmd.data;
  const objection = s.publicity.objections.find((o) => o.objectionId === objectionId);
  if (!objection) throw new DomainError('NOT_FOUND', `No objection ${objectionId} on this case's publicity.`);
  if (objection.resolution) throw violation('objection.resolved', `Objection ${objectionId} is already resolved.`);
  const targets = [...RETURNABLE_STAGES.filter((st) => isStageEnabled(ctx.definition, st)), 'rejected'] as const;
  const input = new Input();
  input.check(typeof upheld === 'boolean', 'upheld', 'must be true or false');
  input.text('comment', comment);
  if (upheld === true) input.check((targets as readonly string[]).includes(returnTo ?? ''), 'returnTo', `is required when upheld: one of ${targets.join(', ')}`);
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

export function grantApproval(cmd: GrantApproval, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('approval', s, ctx);
  const { replyLetterNo, repliedOn } = cmd.data;
  const input = new Input();
  input.text('replyLetterNo', replyLetterNo, 100);
  input.check(typeof repliedOn === 'string' && isDate(repliedOn), 'repliedOn', 'must be a date YYYY-MM-DD');
  input.done();
  const endsAt = s.publicity.endsAt;
  const breaches = approvalBreaches({
    replyLetterNo,
    repliedOn,
    today: dateIn(ctx.now, PROGRAM_TIME_ZONE),
    publicityEndedOn: endsAt === undefined ? undefined : dateIn(new Date(endsAt), PROGRAM_TIME_ZONE),
    latestBatchOn: latestApprovalDate(ctx.program),
    letterUsed: replyLetterUsed(ctx.program, replyLetterNo),
  });
  if (breaches.length > 0) throw DomainError.rules(breaches);
  const batchNo = approvalBatchNoFor(ctx.program, repliedOn);
  return {
    caseEvents: [{ type: 'ApprovalGranted', data: { replyLetterNo, repliedOn, batchNo } }],
    programEvents: [{ type: 'ApprovalRecorded', data: { caseId: s.caseId, batchNo, repliedOn, replyLetterNo } }],
  };
}
