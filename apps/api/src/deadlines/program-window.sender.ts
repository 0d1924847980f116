/**
 * Moved to @shenbao/commands (libs/commands/src/deadlines/program-window.sender.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { ProgramWindowSender, type WindowCommandResult } from '@shenbao/commands';
