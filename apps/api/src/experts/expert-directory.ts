/**
 * Moved to @shenbao/commands (libs/commands/src/experts/expert-directory.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { EXPERT_DIRECTORY, InMemoryExpertDirectory, type ExpertRecord, type ExpertDirectory } from '@shenbao/commands';
