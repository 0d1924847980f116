/**
 * Moved to @shenbao/commands (libs/commands/src/notifications/notifications.service.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { RECIPIENT_DIRECTORY, QUEUE_BOARD, NOTIFICATIONS_RUN_JOBS, NotificationsService, type QueueShelf, type NotificationsStatus } from '@shenbao/commands';
