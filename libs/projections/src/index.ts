/** Public API of @shenbao/projections: the runner, the read models and their queries. */
export {
  ProjectionRunner,
  ProjectionFailedError,
  type Db,
  type LogLevel,
  type Projection,
  type ProjectionRunnerOptions,
  type RunnerLogger,
  type RunnerState,
} from './projection-runner';
export { createReadModels } from './read-models';
export { CaseStates, activePanel, isOverdue, type CaseStep, type ResolveDefinition } from './shared/case-states';
export { InvalidCursorError, DEFAULT_LIMIT, MAX_LIMIT, type Page } from './shared/paging';
export { CaseListProjection, CASE_LIST_TABLE, partyKey } from './case-list/case-list.projection';
export { CASE_SORTS, type CaseSort } from './case-list/case-list.sort';
export { noStageDue, type StageDue, type StageEntryInfo, type EarlierStay } from './case-list/case-list.due';
export {
  listCases,
  findCase,
  findCases,
  visibilityClause,
  type CaseListItem,
  type ListCasesQuery,
  type ViewerRole,
  type Visibility,
} from './case-list/case-list.queries';
export { DashboardProjection, DASHBOARD_TABLES } from './dashboard/dashboard.projection';
export {
  getDashboard,
  getBatches,
  type ApprovalBatchView,
  type CityQuota,
  type DashboardView,
  type PublicityBatchView,
  type RoleCounts,
  type StageCounts,
  HOLDER_ROLES,
} from './dashboard/dashboard.queries';
export { InboxProjection, INBOX_TABLE } from './inbox/inbox.projection';
export { inboxFor, recipientKeys, type InboxActor, type InboxItem, type InboxOptions } from './inbox/inbox.queries';
export { withCases, type InboxCase, type InboxEntry } from './inbox/inbox.cases';
export { applicantKey, cityKey, expertKey, PROVINCE, type InboxKind } from './inbox/inbox.work';
export { MonitoringProjection, MONITORING_TABLES } from './monitoring/monitoring.projection';
export {
  monitoredProgramExists,
  monitoredZones,
  type MonitoredRating,
  type MonitoredRectification,
  type MonitoredReport,
  type MonitoredZone,
} from './monitoring/monitoring.queries';
