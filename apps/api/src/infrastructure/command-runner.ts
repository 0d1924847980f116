/**
 * Moved to @shenbao/commands (libs/commands/src/infrastructure/command-runner.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { CommandRunner, revisionConflict, type EventMessage, type StreamModel, type StreamSpec, type LoadedStream, type PendingEvent, type Loaded, type Decision, type CommandContext, type CommandResult } from '@shenbao/commands';
