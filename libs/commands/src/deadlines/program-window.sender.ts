/**
 * Sends a program's window deadlines to the program stream: `RemindWindowClosing` with the cases that have not
 * reached the province yet (the program stream knows its cases but not their stages, so each open one is loaded),
 * and `CloseProgramWindow`. Both go through the CommandRunner as the system; the decider appends each event once,
 * so a timer that fires again appends nothing.
 */
import { Injectable } from '@nestjs/common';
import { decideProgram, DomainError, programCases, UNSENT_STAGES, type Actor, type PendingCase, type ProgramCommand, type ProgramFold } from '@shenbao/domain';
import { StreamLoader } from '../cases/loading/stream-loader';

export interface WindowCommandResult {
  appended: number;
  position: number;
}

const isUnsent = (stage: string): stage is PendingCase['stage'] => (UNSENT_STAGES as readonly string[]).includes(stage);

@Injectable()
export class ProgramWindowSender {
  constructor(private readonly streams: StreamLoader) {}

  /** The program's open cases still in draft, city audit or recommendation, as of now. */
  async pendingCases(programId: string): Promise<PendingCase[]> {
    const events = await this.streams.programEvents(programId);
    if (events.length === 0) throw new DomainError('NOT_FOUND', `No program ${programId}.`);
    const pending: PendingCase[] = [];
    for (const { caseId, cityCode, closed } of programCases(events)) {
      if (closed) continue;
      const loaded = await this.streams.loadCase(caseId);
      if (loaded && isUnsent(loaded.state.stage)) pending.push({ caseId, cityCode, stage: loaded.state.stage });
    }
    return pending;
  }

  async remindClosing(programId: string, actor: Actor, correlationId: string): Promise<WindowCommandResult> {
    const pendingCases = await this.pendingCases(programId);
    return this.run(programId, { type: 'RemindWindowClosing', data: { pendingCases } }, actor, correlationId);
  }

  async close(programId: string, actor: Actor, correlationId: string): Promise<WindowCommandResult> {
    return this.run(programId, { type: 'CloseProgramWindow', data: {} }, actor, correlationId);
  }

  private async run(programId: string, command: ProgramCommand, actor: Actor, correlationId: string): Promise<WindowCommandResult> {
    const result = await this.streams.runner.run(
      command.type,
      { program: this.streams.programSpec(programId, true) },
      (loaded, now) => ({ program: decideProgram(command, loaded.program.state as ProgramFold, { actor, now }) }),
      { actor, correlationId },
    );
    return { appended: result.appended, position: result.position };
  }
}
