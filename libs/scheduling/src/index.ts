/** Public API of @shenbao/scheduling: the deadline port, due-time arithmetic, the planner, the consumer that feeds a scheduler, the local (SQLite) scheduler and the BullMQ adapter. */
export * from './deadline.types';
export {
  DEFAULT_TIME_ZONE,
  addDuration,
  currentWorkingCalendar,
  isWorkingDay,
  provisionalYearsBetween,
  subtractDuration,
  workingCalendarCovers,
  workingDays,
  workingDaysBetween,
  useWorkingCalendar,
} from './working-days';
export * from './working-calendar';
export { planDeadlines, planPublicityEnd, planReportPeriod, type EarlierEntry, type PlanExtras, type PublicityPeriod } from './deadline-planner';
export {
  currentDeadlines,
  startTracking,
  trackEvent,
  type TrackStep,
  type TrackedCase,
  type TrackedEvent,
  type WorkflowRef,
} from './case-deadline.tracker';
export { replanDeadlines, type DueMove } from './deadline-replan';
export { DeadlineConsumer, type DeadlineConsumerOptions, type DefinitionResolver } from './deadline.consumer';
export {
  LocalTimerScheduler,
  type LocalTimerOptions,
  type RetryPolicy,
  type TimerRecord,
  type TimerStatus,
} from './local-timer.scheduler';
export * from './bullmq';
