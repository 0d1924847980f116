/**
 * Moved to @shenbao/commands (libs/commands/src/cases/loading/stream-loader.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { CASE_CACHE_SIZE, SNAPSHOT_EVERY, StreamLoader, type LoadedCase, type LoadedProgram, type CaseSpec, type ProgramSpec } from '@shenbao/commands';
