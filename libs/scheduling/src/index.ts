/** Public API of @shenbao/scheduling: the deadline port, due-time arithmetic, the planner, the consumer that feeds a scheduler, the local (SQLite) scheduler and the BullMQ adapter. */
export * from './deadline.types';
export {
  DEFAULT_TIME_ZONE,
  addDuration,
  isWorkingDay,
  subtractDuration,
  workingCalendarCovers,
  workingDays,
  workingDaysBetween,
} from './working-days';
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
export { DeadlineConsumer, type DeadlineConsumerOptions, type DefinitionResolver } from './deadline.consumer';
export {
  LocalTimerScheduler,
  type LocalTimerOptions,
  type RetryPolicy,
  type TimerRecord,
  type TimerStatus,
} from './local-timer.scheduler';
export * from './bullmq';
