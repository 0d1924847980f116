/**
 * Moved to @shenbao/commands (libs/commands/src/infrastructure/persisted-read-model.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { PersistedReadModel, type ReadModelSpec } from '@shenbao/commands';
