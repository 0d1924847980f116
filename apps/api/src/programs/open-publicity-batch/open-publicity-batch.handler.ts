/**
 * Opens a publicity batch: the program decides `OpenPublicityBatch`, and with the batch folded into the program
 * every case of it decides `StartPublicity`; the program stream and every case stream are appended in one atomic
 * write, so either the whole batch starts or nothing does. A case not awaiting publicity refuses the whole batch
 * (409 ILLEGAL_TRANSITION naming the case).
 */
import { Logger } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { batchMembersOf, decideCase, decideProgram, DomainError, evolveCase, evolveProgram, isDomainError } from '@shenbao/domain';
import type { CaseEvent, CaseFold, ProgramEvent, ProgramFold, ProgramState } from '@shenbao/domain';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { StreamLoader, newId } from '@shenbao/commands';
import type { CaseSpec, ProgramSpec } from '@shenbao/commands';
import { ProgramDirectory } from '../program-directory';
import { OpenPublicityBatchCommand } from './open-publicity-batch.command';
import { publicityPeriod, publicityProvisionalYears } from './publicity-period';
import type { PublicityPeriod } from './publicity-period';

type Result = { id: string; startsAt: string; endsAt: string; position: number; provisional?: true };
const caseKey = (i: number): string => `case${i}`;

@CommandHandler(OpenPublicityBatchCommand)
export class OpenPublicityBatchHandler implements ICommandHandler<OpenPublicityBatchCommand> {
  private readonly logger = new Logger('Programs');

  constructor(
    private readonly streams: StreamLoader,
    private readonly programs: ProgramDirectory,
  ) {}

  async execute({ programId, caseIds, request, actor, context }: OpenPublicityBatchCommand): Promise<Result> {
    const program = await this.streams.loadProgram(programId);
    if (!program) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
    const programDefinition = await this.streams.definitionOf(program.state.settings.workflow);
    // Each case folds with its own workflow version; an unknown id folds nothing and the program refuses it.
    const definitions = await Promise.all(caseIds.map(async (id) => (await this.streams.loadCase(id))?.definition ?? programDefinition));
    const specs: Record<string, CaseSpec | ProgramSpec> = { program: this.streams.programSpec(programId, true) };
    caseIds.forEach((id, i) => (specs[caseKey(i)] = this.streams.caseSpec(id, definitions[i])));

    const batchId = newId();
    let period: PublicityPeriod | undefined;
    let after: { program: ProgramFold; cases: CaseFold[] } | undefined;
    const result = await this.streams.runner.run(
      'OpenPublicityBatch',
      specs,
      (loaded, now) => {
        const current = loaded.program.state as ProgramFold;
        if (!current) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
        period = publicityPeriod(request, programDefinition, now);
        const members = batchMembersOf(caseIds, caseIds.map((_, i) => loaded[caseKey(i)].state as CaseFold));
        const programEvents = decideProgram({ type: 'OpenPublicityBatch', data: { batchId, caseIds, ...period } }, current, { actor, now, batchMembers: members });
        const withBatch = programEvents.reduce<ProgramFold>(evolveProgram, current) as ProgramState;
        const decision: Record<string, (CaseEvent | ProgramEvent)[]> = { program: programEvents };
        const cases = caseIds.map((caseId, i) => {
          const state = loaded[caseKey(i)].state as CaseFold;
          const events = startPublicity(caseId, state, { batchId, ...period! }, { actor, now, definition: definitions[i], program: withBatch });
          decision[caseKey(i)] = events;
          return events.reduce<CaseFold>((s, e) => evolveCase(definitions[i], s, e), state);
        });
        after = { program: withBatch, cases };
        return decision;
      },
      context,
    );
    if (!period || !after) throw new Error('the command runner returned without deciding');
    this.streams.rememberProgram(programId, { state: after.program, revision: result.revisions.program });
    caseIds.forEach((id, i) => this.streams.rememberCase(id, { state: after!.cases[i], revision: result.revisions[caseKey(i)] }));
    await this.programs.catchUp();
    const provisional = publicityProvisionalYears(request, programDefinition, period).length > 0;
    if (provisional) this.logger.warn({ programId, batchId, endsAt: period.endsAt }, 'Publicity period counted in working days over a provisional calendar year.');
    return { id: batchId, ...period, position: result.position, ...(provisional ? { provisional: true as const } : {}) };
  }
}

function startPublicity(
  caseId: string,
  state: CaseFold,
  data: { batchId: string } & PublicityPeriod,
  ctx: { actor: OpenPublicityBatchCommand['actor']; now: Date; definition: WorkflowDefinition; program: ProgramState },
): CaseEvent[] {
  try {
    return decideCase({ type: 'StartPublicity', data }, state, ctx).caseEvents;
  } catch (e) {
    // Say which case of the batch refused; the case's stage and allowed actions stay in the details.
    if (isDomainError(e) && e.code === 'ILLEGAL_TRANSITION') {
      throw new DomainError('ILLEGAL_TRANSITION', `Case ${caseId} is not awaiting publicity: ${e.message}`, { caseId, ...(e.details as object) });
    }
    throw e;
  }
}
