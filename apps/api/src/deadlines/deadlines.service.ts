/**
 * Moved to @shenbao/commands (libs/commands/src/deadlines/deadlines.service.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { DeadlinesService, type DeadlinesState, type DeadlinesStatus } from '@shenbao/commands';
