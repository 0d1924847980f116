/**
 * `ReplaceKeyProjects`: the 重点任务（项目）表 of a draft replaced by the rows of an uploaded XLSX (PUT
 * /cases/:id/application/key-projects). The rest of the form stays as saved — a draft saved never yet is the blank
 * form with the unit's name — and the outcome is the same `ApplicationSaved` a draft save appends, under the same
 * guard (the applicant who owns the case, while the draft is editable) and the same format rules. Deciding on the
 * state the runner just loaded keeps the merge atomic: a concurrent save is reloaded and merged again, never lost.
 */
import { DomainError } from '../errors';
import { blankApplication, validateApplicationFormat } from '../rules/application.rules';
import type { Message } from '../shared/decider';
import type { Application } from './application.types';
import type { CaseDecideContext } from './case.guards';
import { ensure, only, type CaseDecision } from './case.decide.shared';
import type { CaseState } from './case.state';

export type ReplaceKeyProjects = Message<'ReplaceKeyProjects', { keyProjects: Application['keyProjects'] }>;

export function replaceKeyProjects(command: ReplaceKeyProjects, s: CaseState, ctx: CaseDecideContext): CaseDecision {
  ensure('application', s, ctx);
  const application: Application = { ...(s.application ?? blankApplication(s.applicant.unitName)), keyProjects: command.data.keyProjects };
  const errors = validateApplicationFormat(application);
  if (errors.length > 0) throw DomainError.validation(errors);
  return only({ type: 'ApplicationSaved', data: { application } });
}
