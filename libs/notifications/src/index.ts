/**
 * Public API of @shenbao/notifications: which notices a case event gives and to whom (pure), their e-mails, the
 * BullMQ outbox and e-mail worker (SMTP via nodemailer, retried with backoff, failures kept), and the checkpointed
 * notifier that feeds the outbox from the event log. Inbox rows are the inbox projection's (libs/projections).
 */
export * from './notice.types';
export { noticeText, shanghaiTime, type NoticeText, type NoticeVars } from './notice.texts';
export { NOTICE_EVENT_TYPES, noticeId, noticeScope, noticesFor, type NoticeEvent } from './notices-for';
export { noticeContextOf } from './notice-context';
export {
  UserLogDirectory,
  addresses,
  recipientsAmong,
  type NotifiableUser,
  type Recipient,
  type RecipientDirectory,
} from './recipients';
export { emailJobId, renderEmail, type EmailJobData } from './email';
export {
  NOTIFICATION_STATUSES,
  NotificationNotFoundError,
  NotificationNotRetryableError,
  NotificationOutbox,
  type NotificationCounts,
  type NotificationOutboxOptions,
  type NotificationRecord,
  type NotificationStatus,
} from './notification.outbox';
export { DEFAULT_MAIL_FROM, EmailWorker, type EmailWorkerOptions, type MailTransport, type SendOutcome } from './email.worker';
export {
  Notifier,
  type NotifierDefinition,
  type NotifierDefinitionResolver,
  type NotifierOptions,
} from './notifier';
export {
  DEFAULT_PREFIX,
  NOTIFICATIONS_QUEUE,
  NOTIFIER_CHECKPOINT,
  RedisCheckpointStore,
  checkpointKey,
  deleteKeys,
  openRedis,
  type NotifierCheckpoints,
  type OwnedRedis,
  type RedisConnection,
} from './redis';
