export * from './case.events';
export * from './application.types';
export * from './case.commands';
export * from './case.state';
export * from './case.decider';
export { allowedActions, CASE_ACTIONS, openSeats, type CaseAction, type CaseDecideContext, type ExpertInfo } from './case.guards';
export { caseSnapshotKey } from './case.snapshot';
export { activePanel, anonymousComments, canSeeCase, caseViewFor, holderFor, isCaseParty, seesExperts } from './case.access';
export { currentHolder, supervisorOf } from './case.holder';
export { reportPeriod, reportPeriodNumber } from './case.decide.reports';
export { CASE_ACTION_MODULES, caseActionFor, caseActionNamed, commandFromRequest, isActionCommand, letterBreaches } from './actions';
export type { ActionCommand, AnyCaseAction, CaseActionDef, CaseActionRoute, RegisteredActionName, RequestExtras } from './actions';
export { holderFactsOf, holderOf, type HolderFacts, type ReportEvaluations } from './case.holder';
export {
  INBOX_WORK_NOTICES,
  PROVINCE_KEY,
  applicantKey,
  cityKey,
  expertKey,
  holderKeys,
  noticeScopeOf,
  noticesOf,
  type CaseNotice,
  type NoticeEventLike,
  type NoticeKind,
  type NoticeScope,
} from './case.notices';
export {
  ATTACHMENT_KINDS, ATTACHMENT_LIMITS, ATTACHMENT_MEDIA_TYPES, ATTACHMENT_ROLES, attachedBytes, attachmentKindsFor, attachmentRefusal, sizeRefusal,
  type AttachmentMediaType,
} from './case.attachments';
