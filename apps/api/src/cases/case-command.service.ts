/**
 * Moved to @shenbao/commands (libs/commands/src/cases/case-command.service.ts), the command side apps/api and apps/worker share. This
 * re-export only keeps code written against the old path (branches of session 7) compiling: import from
 * '@shenbao/commands', and delete this file once those branches are merged.
 */
export { caseNotFound, CaseCommandService, commandContextOf, type CaseCommandContext, type CaseCommandOptions, type CaseCommandResult } from '@shenbao/commands';
