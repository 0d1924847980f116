/**
 * The one way a case changes: every case action over HTTP, the publicity batch and the timers call `execute`. It
 * loads the case (from the fold cache plus the stored tail) and its program, refuses a case the caller may not see
 * with 404 before anything else, adds the expert pool when the command needs it, decides with the pure case
 * decider and appends the case and program events in one atomic write through the CommandRunner (reloading and
 * deciding again on a concurrent write, unless the client pinned a revision with If-Match).
 */
import { Inject, Injectable } from '@nestjs/common';
import { canSeeCase, caseActionFor, decideCase, DomainError, evolveCase, evolveProgram } from '@shenbao/domain';
import type { Actor, CaseCommand, CaseEvent, CaseFold, CreateCase, ExpertInfo, ProgramEvent, ProgramFold } from '@shenbao/domain';
import type { Stage, WorkflowDefinition } from '@shenbao/workflows';
import { EXPERT_DIRECTORY } from '../experts/expert-directory';
import type { ExpertDirectory } from '../experts/expert-directory';
import type { CommandContext } from '../infrastructure/command-runner';
import { StreamLoader } from './loading/stream-loader';

export interface CaseCommandContext extends Omit<CommandContext, 'actor'> {
  actor: Actor;
}

/** The command context of a request's: who, the correlation, and the idempotency key when one was sent. */
export function commandContextOf(context: CaseCommandContext): CaseCommandContext {
  const { actor, correlationId, causationId, idempotencyKey } = context;
  return {
    actor,
    correlationId,
    ...(causationId !== undefined ? { causationId } : {}),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
}

export interface CaseCommandOptions {
  /** From `If-Match`: the case revision the client last saw; a mismatch is 409 REVISION_CONFLICT, never retried. */
  expectedRevision?: number;
}

export interface CaseCommandResult {
  caseId: string;
  /** The case stream's revision after the command (the ETag). */
  revision: number;
  /** Global position of the last event appended (read-your-writes: `?minPosition=`). */
  position: number;
  stage: Stage;
}

export const caseNotFound = (caseId: string): DomainError => new DomainError('NOT_FOUND', `No case ${caseId} visible to you.`);

interface Decided {
  caseBefore: CaseFold;
  caseEvents: CaseEvent[];
  programBefore: ProgramFold;
  programEvents: ProgramEvent[];
}

@Injectable()
export class CaseCommandService {
  constructor(
    private readonly streams: StreamLoader,
    @Inject(EXPERT_DIRECTORY) private readonly experts: ExpertDirectory,
  ) {}

  async execute(caseId: string, command: CaseCommand, ctx: CaseCommandContext, opts: CaseCommandOptions = {}): Promise<CaseCommandResult> {
    if (command.type === 'CreateCase') {
      if (command.data.caseId !== caseId) throw new Error('CreateCase names another case id than the one executed');
      return this.create(command, ctx);
    }
    const loaded = await this.streams.loadCase(caseId);
    // Visibility first: a case of another city or unit must look the same as one that does not exist.
    if (!loaded || !canSeeCase(loaded.state, ctx.actor)) throw caseNotFound(caseId);
    const { definition } = loaded;
    const programId = loaded.state.programId;
    await this.streams.warmProgram(programId);
    // Actions whose decision checks experts against the pool (existence, retirement, conflicts of interest).
    const experts = caseActionFor(command.type)?.needsExperts ? await this.expertPool() : undefined;
    return this.run(caseId, programId, definition, command, ctx, opts, (state, program, now) => {
      if (!state || !canSeeCase(state, ctx.actor)) throw caseNotFound(caseId);
      if (!program) throw new Error(`Program ${programId} of case ${caseId} does not exist`);
      return decideCase(command, state, { actor: ctx.actor, now, definition, program, ...(experts ? { experts } : {}) });
    });
  }

  private async create(command: CreateCase, ctx: CaseCommandContext): Promise<CaseCommandResult> {
    const { caseId, programId } = command.data;
    const program = await this.streams.loadProgram(programId);
    if (!program) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
    const definition = await this.streams.definitionOf(program.state.settings.workflow);
    return this.run(caseId, programId, definition, command, ctx, {}, (state, current, now) => {
      if (!current) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
      return decideCase(command, state, { actor: ctx.actor, now, definition, program: current });
    });
  }

  private async run(
    caseId: string,
    programId: string,
    definition: WorkflowDefinition,
    command: CaseCommand,
    ctx: CaseCommandContext,
    opts: CaseCommandOptions,
    decide: (state: CaseFold, program: ProgramFold, now: Date) => { caseEvents: CaseEvent[]; programEvents: ProgramEvent[] },
  ): Promise<CaseCommandResult> {
    let decided: Decided | undefined;
    const result = await this.streams.runner.run(
      command.type,
      { case: this.streams.caseSpec(caseId, definition, opts.expectedRevision), program: this.streams.programSpec(programId) },
      (loaded, now) => {
        // The runner just folded the tails: keep those folds, whatever the decision (unless they include writes
        // still in flight, which may yet fail).
        if (!loaded.case.inFlight) this.streams.rememberCase(caseId, loaded.case);
        if (!loaded.program.inFlight) this.streams.rememberProgram(programId, loaded.program);
        const decision = decide(loaded.case.state, loaded.program.state, now);
        decided = { caseBefore: loaded.case.state, programBefore: loaded.program.state, ...decision };
        return { case: decision.caseEvents, program: decision.programEvents };
      },
      ctx,
    );
    if (!decided) throw new Error('the command runner returned without deciding');
    const caseAfter = decided.caseEvents.reduce<CaseFold>((s, e) => evolveCase(definition, s, e), decided.caseBefore);
    if (!caseAfter) throw new Error(`Case ${caseId} does not exist after ${command.type}`);
    // What was appended is exactly what was decided, so the caches can move on without reading it back.
    if (decided.caseEvents.length > 0) this.streams.rememberCase(caseId, { state: caseAfter, revision: result.revisions.case });
    if (decided.programEvents.length > 0) {
      const programAfter = decided.programEvents.reduce(evolveProgram, decided.programBefore);
      this.streams.rememberProgram(programId, { state: programAfter, revision: result.revisions.program });
    }
    return { caseId, revision: result.revisions.case, position: result.position, stage: caseAfter.stage };
  }

  private async expertPool(): Promise<ExpertInfo[]> {
    await this.experts.catchUp();
    return this.experts
      .list(Number.MAX_SAFE_INTEGER)
      .map((e) => ({ id: e.id, name: e.name, homeCityCode: e.homeCityCode, employer: e.employer, retired: !e.active }));
  }
}

