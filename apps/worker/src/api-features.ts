/**
 * The API feature modules apps/worker still runs, in one place: the only file of apps/worker that imports apps/api
 * (the dependency rules, .dependency-cruiser.cjs, allow this file and no other). The host side (configuration,
 * logging, tokens, health) comes from @shenbao/host; what is left here is the command side both processes run —
 * the case command service, the deadline consumer and its BullMQ worker, the notifier, the workflow catalog, the
 * calendar — which depends on apps/api/src/cases, being reshaped into libs/domain's case actions (issue #12). Once
 * that lands, these modules move into a lib and this file goes.
 */
export { CasesModule } from '../../api/src/cases/cases.module';
export { CalendarBook } from '../../api/src/calendar/calendar-book';
export { DeadlinesModule } from '../../api/src/deadlines/deadlines.module';
export { DeadlinesService } from '../../api/src/deadlines/deadlines.service';
export { InfrastructureModule } from '../../api/src/infrastructure/infrastructure.module';
export { NotificationsModule } from '../../api/src/notifications/notifications.module';
export { WorkflowCatalog } from '../../api/src/workflow-definitions/workflow-catalog';
export { WorkflowDefinitionsModule } from '../../api/src/workflow-definitions/workflow-definitions.module';
