/**
 * Moved to @shenbao/commands (libs/commands/src/workflow-definitions/workflow-catalog.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { WorkflowCatalog, type PublishedVersion, type WorkflowSummary } from '@shenbao/commands';
