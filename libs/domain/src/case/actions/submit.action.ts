/** `POST /cases/:id/submit`: the applicant submits its draft for the city audit, complete and inside the window. */
import { DomainError } from '../../errors';
import { dateIn, PROGRAM_TIME_ZONE } from '../../program/program.dates';
import { missingForSubmit } from '../../rules/application.rules';
import { missingForSubmitScan } from '../../rules/paperwork.rules';
import type { Message } from '../../shared/decider';
import { can, windowRule } from '../case.guard-kit';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';
import { emptyBody } from './bodies';

export type SubmitCase = Message<'SubmitCase', Record<string, never>>;

export const submit = defineCaseAction<'submit', SubmitCase>({
  name: 'submit',
  commandType: 'SubmitCase',
  route: { method: 'POST', path: 'submit', status: 200, summary: 'Submit the draft application for the city audit (applicant)', operationId: 'SubmitController_submit' },
  input: emptyBody,
  toCommand: () => ({ type: 'SubmitCase', data: {} }),
  guard: {
    roles: ['applicant'],
    stage: (s, _a, ctx) => can(s, ctx, { type: 'CaseSubmitted', data: { cities: s.cities } }),
    rules: windowRule('submit'),
  },
  decide: (_cmd, s, ctx) => {
    const { tasks, minTasks } = ctx.program.settings;
    const breaches = [...missingForSubmit(s.application, { tasks, minTasks }), ...missingForSubmitScan(s.attachments, ctx.program.settings.paperwork)];
    if (breaches.length > 0) throw DomainError.rules(breaches);
    return only({ type: 'CaseSubmitted', data: { cities: [...s.cities], submittedOn: dateIn(ctx.now, PROGRAM_TIME_ZONE) } });
  },
});
