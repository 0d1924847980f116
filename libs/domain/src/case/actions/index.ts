/**
 * Every case action, in the order `allowedActions` lists them. Adding one is adding its module here (see
 * docs/adding-an-action.md): the decider's dispatch, `allowedActions`, the API's routes and the OpenAPI document
 * follow from this list.
 */
import type { AnyCaseAction, CaseActionDef } from './case-action';
import { paperCopies } from './paper-copies.action';
import { application } from './application.action';
import { evaluations } from './evaluations.action';
import { progressReports } from './progress-reports.action';
import { approval } from './approval.action';
import { resolveObjection } from './resolve-objection.action';
import { objections } from './objections.action';
import { siteVisitResult } from './site-visit-result.action';
import { siteVisit } from './site-visit.action';
import { defenseResult } from './defense-result.action';
import { defense } from './defense.action';
import { concludeExpertReview } from './conclude-expert-review.action';
import { scores } from './scores.action';
import { panel } from './panel.action';
import { recommendation } from './recommendation.action';
import { cityAudit } from './city-audit.action';
import { recusal } from './recusal.action';
import { complete } from './complete.action';
import { revoke } from './revoke.action';
import { resume } from './resume.action';
import { submit } from './submit.action';
import { urge } from './urge.action';
import { withdraw } from './withdraw.action';

export const CASE_ACTION_MODULES = [
  application,
  submit, withdraw, cityAudit, recommendation, panel, recusal, scores, concludeExpertReview, defense, defenseResult, siteVisit, siteVisitResult,
  objections, resolveObjection, approval, progressReports, evaluations, resume, revoke, complete, urge, paperCopies,
] as const;

type Registered = (typeof CASE_ACTION_MODULES)[number];
/**
 * The case actions' names (API.md `POST /cases/:id/<action>`, and `application` for `PUT /cases/:id/application`),
 * in the order `allowedActions` lists them.
 */
export const CASE_ACTIONS: readonly Registered['name'][] = CASE_ACTION_MODULES.map((a) => a.name);
type CommandOf<A> = A extends CaseActionDef<string, infer C> ? C : never;
/** The commands of the registered actions. */
export type ActionCommand = CommandOf<Registered>;
export type RegisteredActionName = Registered['name'];

const BY_NAME = new Map<string, AnyCaseAction>(CASE_ACTION_MODULES.map((a) => [a.name, a]));
const BY_COMMAND = new Map<string, AnyCaseAction>(CASE_ACTION_MODULES.map((a) => [a.commandType, a]));

export const caseActionNamed = (name: string): AnyCaseAction | undefined => BY_NAME.get(name);
export const caseActionFor = (commandType: string): AnyCaseAction | undefined => BY_COMMAND.get(commandType);
export const isActionCommand = (command: { type: string }): command is ActionCommand => BY_COMMAND.has(command.type);

export { commandFromRequest, type AnyCaseAction, type CaseActionDef, type CaseActionRoute, type RequestExtras } from './case-action';
export type { ResumeCase } from './resume.action';
export type { RevokePilot } from './revoke.action';
export type { CompletePilot } from './complete.action';
export type { RecuseExpert } from './recusal.action';
export type { AuditCase } from './city-audit.action';
export type { IssueRecommendation } from './recommendation.action';
export { letterBreaches } from './recommendation.action';
export type { FormPanel } from './panel.action';
export type { SubmitScores } from './scores.action';
export type { ConcludeExpertReview } from './conclude-expert-review.action';
export type { ScheduleDefense } from './defense.action';
export type { RecordDefenseResult } from './defense-result.action';
export type { ScheduleSiteVisit } from './site-visit.action';
export type { RecordSiteVisitResult } from './site-visit-result.action';
export type { RaiseObjection } from './objections.action';
export type { ResolveObjection } from './resolve-objection.action';
export type { GrantApproval } from './approval.action';
export type { FileProgressReport } from './progress-reports.action';
export type { EvaluateProgress } from './evaluations.action';
export type { SaveApplication } from './application.action';
export type { RecordPaperCopies } from './paper-copies.action';
export type { SubmitCase } from './submit.action';
export type { UrgeCase } from './urge.action';
export type { WithdrawCase } from './withdraw.action';
