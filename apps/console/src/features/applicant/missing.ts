/**
 * "Still missing before submit": the domain's own completeness check (`missingForSubmit`, the function the API
 * runs on submit), applied to the form as it stands, so the list and the API's 422 can never disagree. Each breach
 * names its field at the start of its message (`cover.address must be filled in.`, `plan.selectedTasks: …`); that
 * field is what the list links to and labels in the reader's language.
 */
import { missingForSubmit } from '../../../../../libs/domain/src/rules/application-completeness.rules';
import type { ApplicationDoc } from './form-model';

export interface ProgramTasks {
  tasks: { code: string; name: string }[];
  minTasks: number;
}

export interface MissingItem {
  /** The API's rule id (`application.missing`, `tasks.minimum`, …). */
  rule: string;
  /** The field path the breach names, e.g. `keyProjects[0].content`. */
  field: string;
}

/** The field a breach message names: its first word, up to a space or a colon. */
export function fieldOfBreach(message: string): string {
  return /^([^\s:]+)/.exec(message)?.[1] ?? '';
}

export function missingItems(app: ApplicationDoc, program: ProgramTasks): MissingItem[] {
  return missingForSubmit(app, program).map((b) => ({ rule: b.rule, field: fieldOfBreach(b.message) }));
}
