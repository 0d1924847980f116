/**
 * `POST /cases/:id/objections {objector, summary, receivedOn}` → 201 with the new `objectionId`: the province
 * records an objection received during publicity (异议), from a named person or unit; never an anonymous one.
 */
import { DomainError } from '../../errors';
import { dateIn } from '../../program/program.dates';
import { isBlank } from '../../rules/formats';
import type { Message } from '../../shared/decider';
import { object, oneOf, optional, text } from '../../shared/input-schema';
import type { ObjectorInfo } from '../case.events';
import { can, PROBE, publicityClosed, rule } from '../case.guard-kit';
import { Input, only, violation } from '../case.decide.shared';
import type { CaseState } from '../case.state';
import { defineCaseAction } from './case-action';
import { LONG_TEXT_MAX } from './bodies';

export type RaiseObjection = Message<'RaiseObjection', { objectionId: string; objector: ObjectorInfo; summary: string; receivedOn: string }>;

/** Whether a day (in the workflow's zone) overlaps the publicity period [startsAt, endsAt). */
function withinPeriod(day: string, s: CaseState, timeZone: string): boolean {
  const { startsAt, endsAt } = s.publicity;
  if (!startsAt || !endsAt) return false;
  const first = dateIn(new Date(startsAt), timeZone);
  const last = dateIn(new Date(Date.parse(endsAt) - 1), timeZone);
  return first <= day && day <= last;
}

export const objections = defineCaseAction<'objections', RaiseObjection>({
  name: 'objections',
  commandType: 'RaiseObjection',
  route: {
    method: 'POST', path: 'objections', status: 201, summary: 'Record an objection received during publicity (province)', operationId: 'RaiseObjectionController_raise',
    response: { name: 'RaisedObjectionResponse', fields: { objectionId: 'uuid' } },
  },
  input: object('RaiseObjectionDto', {
    objector: object('ObjectorDto', {
      kind: oneOf(['person', 'unit']),
      // Optional here so that an anonymous objection is refused by the rule (422 objection.anonymous) with its reason.
      name: optional(text(200, { blankOk: true, description: 'Real name (a person) or the unit under its seal; anonymous objections are refused' })),
      contact: optional(text(200, { blankOk: true })),
      evidence: optional(text(LONG_TEXT_MAX, { blankOk: true })),
    }, { description: 'Visible to the province only' }),
    summary: text(LONG_TEXT_MAX),
    receivedOn: text(10, { format: 'date', example: '2019-07-20', description: 'YYYY-MM-DD, within the publicity period' }),
  }),
  toCommand: (body, { newId }) => {
    const o = body.objector as Record<string, string | undefined>;
    const objector: ObjectorInfo = { kind: o.kind as ObjectorInfo['kind'], name: o.name ?? '', contact: o.contact ?? '', ...(o.evidence !== undefined ? { evidence: o.evidence } : {}) };
    return { type: 'RaiseObjection', data: { objectionId: newId(), objector, summary: body.summary as string, receivedOn: body.receivedOn as string } };
  },
  answer: (cmd) => ({ objectionId: cmd.data.objectionId }),
  // Outside the period (not started yet, or over) an objection is PUBLICITY_CLOSED (API.md), not a lifecycle error.
  guard: {
    roles: ['province'],
    stage: (s, _a, ctx) => publicityClosed(s) || can(s, ctx, { type: 'ObjectionRaised', data: { objectionId: PROBE } }),
    rules: (s) =>
      publicityClosed(s)
        ? rule('PUBLICITY_CLOSED', 'publicity', s.publicity.ended
          ? `The publicity period of this case ended at ${s.publicity.endsAt}: objections are no longer accepted.`
          : 'The publicity period of this case has not started yet: objections are accepted only within it.')
        : null,
  },
  decide: (cmd, s, ctx) => {
    const { objectionId, objector, summary, receivedOn } = cmd.data;
    const tz = ctx.definition.timeZone;
    const input = new Input();
    input.check(receivedOn <= dateIn(ctx.now, tz), 'receivedOn', 'must not be in the future');
    input.done();
    if (isBlank(objector.name) || isBlank(objector.contact)) {
      const who = objector.kind === 'unit' ? 'a unit must give its name (under its seal) and a contact' : 'a person must give a name and a contact';
      throw violation('objection.anonymous', `Anonymous objections are not accepted: ${who}.`);
    }
    if (s.publicity.objections.some((x) => x.objectionId === objectionId)) throw violation('objection.exists', `Objection ${objectionId} is already recorded.`);
    if (!withinPeriod(receivedOn, s, tz))
      throw new DomainError('PUBLICITY_CLOSED', `An objection received on ${receivedOn} is outside the publicity period (${s.publicity.startsAt} – ${s.publicity.endsAt}).`);
    const clean = { kind: objector.kind, name: objector.name.trim(), contact: objector.contact.trim(), ...(objector.evidence !== undefined ? { evidence: objector.evidence } : {}) };
    return only({ type: 'ObjectionRaised', data: { objectionId, objector: clean, summary, receivedOn } });
  },
});
