/**
 * The uploaded 重点任务（项目）表 becomes `ReplaceKeyProjects`, run like every case command (CaseCommandService: load,
 * decide with the draft save's guard and rules, append `ApplicationSaved`). The guard is asked first, with nothing
 * to replace, so a case the caller may not see or may not edit now answers 404/403/409 before its file is judged;
 * then the bytes: no XLSX → 415, a table with problems → 400 naming each by row and column, nothing saved.
 */
import { HttpException, HttpStatus, Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { canSeeCase, decideCase, DomainError } from '@shenbao/domain';
import type { CaseCommand } from '@shenbao/domain';
import { readKeyProjectsXlsx, type KeyProjectProblem } from '@shenbao/documents';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { CaseCommandService, caseNotFound, commandContextOf } from '@shenbao/commands';
import type { CaseCommandResult } from '@shenbao/commands';
import { StreamLoader } from '@shenbao/commands';
import { UploadKeyProjects } from './upload-key-projects.command';
import { XLSX_MEDIA_TYPE } from './xlsx-body';

/** How many problems an answer lists (the message says how many there were). */
export const MAX_LISTED_PROBLEMS = 50;

const where = (p: KeyProjectProblem): string => [p.row !== null ? `row ${p.row}` : '', p.column ?? ''].filter(Boolean).join(', ');

export function tableRefused(problems: KeyProjectProblem[]): DomainError {
  const shown = problems.slice(0, MAX_LISTED_PROBLEMS);
  const lines = shown.map((p) => `${where(p) ? `${where(p)}: ` : ''}${p.messages.join('; ')}`).join(' | ');
  const more = problems.length > shown.length ? ` | … and ${problems.length - shown.length} more` : '';
  return new DomainError('VALIDATION_FAILED', `The key-projects table was not saved — ${lines}${more}`, shown);
}

export const unsupportedMedia = (message: string): HttpException =>
  new HttpException({ message }, HttpStatus.UNSUPPORTED_MEDIA_TYPE);

@CommandHandler(UploadKeyProjects)
export class UploadKeyProjectsHandler implements ICommandHandler<UploadKeyProjects> {
  constructor(
    private readonly cases: CaseCommandService,
    private readonly streams: StreamLoader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ caseId, body, context, expectedRevision }: UploadKeyProjects): Promise<CaseCommandResult> {
    await this.mayReplace(caseId, context.actor);
    if (!Buffer.isBuffer(body)) throw unsupportedMedia(`Send the filled-in 重点任务（项目）表 as the request body with Content-Type ${XLSX_MEDIA_TYPE}.`);
    const read = await readKeyProjectsXlsx(body);
    if (!read.ok) throw read.reason === 'notXlsx' ? unsupportedMedia(read.message) : tableRefused(read.problems);
    const ctx = commandContextOf(context);
    const command: CaseCommand = { type: 'ReplaceKeyProjects', data: { keyProjects: read.keyProjects } };
    return this.cases.execute(caseId, command, ctx, expectedRevision !== undefined ? { expectedRevision } : {});
  }

  /** The command's own guard on the current state, deciding to replace the table with nothing (never appended). */
  private async mayReplace(caseId: string, actor: UploadKeyProjects['context']['actor']): Promise<void> {
    const loaded = await this.streams.loadCase(caseId);
    if (!loaded || !canSeeCase(loaded.state, actor)) throw caseNotFound(caseId);
    const program = await this.streams.loadProgram(loaded.state.programId);
    if (!program) throw new Error(`Program ${loaded.state.programId} of case ${caseId} does not exist`);
    decideCase({ type: 'ReplaceKeyProjects', data: { keyProjects: [] } }, loaded.state, { actor, now: this.clock(), definition: loaded.definition, program: program.state });
  }
}
