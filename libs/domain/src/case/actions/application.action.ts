/**
 * `PUT /cases/:id/application` (the whole form): the applicant saves its draft. The form's formats are checked on
 * every save by the application rules (every problem at once, with its path); completeness waits for submit.
 */
import type { Application } from '../application.types';
import { validateApplicationFormat } from '../../rules/application.rules';
import type { Message } from '../../shared/decider';
import { can, inStage } from '../case.guard-kit';
import { only } from '../case.decide.shared';
import { defineCaseAction } from './case-action';

/** The whole form, as checked by `validateApplicationFormat`. */
export type SaveApplication = Message<'SaveApplication', { application: Application }>;

export const application = defineCaseAction<'application', SaveApplication>({
  name: 'application',
  commandType: 'SaveApplication',
  route: {
    method: 'PUT', path: 'application', status: 200, summary: 'Save the whole application form of a draft (applicant)', operationId: 'SaveApplicationController_save',
    bodyDescription: 'The whole form; formats are checked now, completeness on submit',
  },
  input: { kind: 'document', name: 'ApplicationDoc', validate: validateApplicationFormat },
  toCommand: (body) => ({ type: 'SaveApplication', data: { application: body as unknown as Application } }),
  guard: { roles: ['applicant'], stage: (s, _a, ctx) => inStage(s, 'draft') && can(s, ctx, { type: 'ApplicationSaved' }) },
  decide: (cmd) => only({ type: 'ApplicationSaved', data: { application: cmd.data.application } }),
});
