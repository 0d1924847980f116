/**
 * What a fired deadline does: `due` → MarkOverdue (which also escalates to the holder's supervisor), `reminder-<n>`
 * → SendReminder, `end`/`end-<n>` → EndPublicity, `report-due-<n>` / `report-missed-<n>` → MarkReportDue /
 * MarkReportMissed, all sent through the case command service like any client's command, as the system acting with
 * the province's role; a program's `window-closing` / `window-closed` → RemindWindowClosing / CloseProgramWindow on
 * the program stream (ProgramWindowSender). The decider ignores a timer whose stage entry is gone
 * (and a reminder already sent), so a stale or repeated firing appends nothing. Resolving marks the timer done;
 * throwing has the backend retry it later (and keep it as failed when retries run out, never dropped).
 */
import { Injectable, Logger } from '@nestjs/common';
import { isDomainError, type Actor, type CaseCommand, type DomainError } from '@shenbao/domain';
import type { Deadline } from '@shenbao/scheduling';
import { STAGES, type Stage } from '@shenbao/workflows';
import { CaseCommandService } from '../cases/case-command.service';
import { MetricsService } from '../observability/metrics.service';
import { ProgramWindowSender } from './program-window.sender';

/** Timers act as the system; the decider lets only the province (or an admin) mark overdue, remind or end publicity. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'province' };

/** `sent`: the command ran (it may have decided nothing); `refused`: the decider refused it and that is expected. */
export type FiredOutcome = 'sent' | 'refused';

/**
 * Refusals that mean "not now, and something else will finish the job": with objections open the period cannot
 * close; dismissing the last one after the end closes it (the decider appends PublicityEnded itself) and the tracker
 * plans an `end-<n>` retry. `publicity.running` is deliberately not here: it would mean the timer fired before the
 * period's end (a clock set back), and marking it done would leave the period open with no timer left, so it is
 * thrown and retried with backoff instead.
 */
const SETTLED_BY_OTHERS: ReadonlySet<string> = new Set(['objections.open']);

function refusedRule(error: DomainError): string | undefined {
  if (error.code !== 'RULE_VIOLATION' || !Array.isArray(error.details)) return undefined;
  const rules = (error.details as { rule?: unknown }[]).map((d) => d.rule).filter((r): r is string => typeof r === 'string');
  return rules.find((r) => SETTLED_BY_OTHERS.has(r));
}

const isStage = (s: string): s is Stage => (STAGES as readonly string[]).includes(s);

@Injectable()
export class FiredDeadlineHandler {
  private readonly logger = new Logger('Deadlines');

  constructor(
    private readonly cases: CaseCommandService,
    private readonly metrics: MetricsService,
    private readonly windows: ProgramWindowSender,
  ) {}

  async handle(deadline: Deadline): Promise<FiredOutcome> {
    const { action } = deadline;
    try {
      const outcome = await this.act(deadline);
      this.metrics.recordDeadlineFired(action.type, outcome);
      return outcome;
    } catch (e) {
      this.metrics.recordDeadlineFired(action.type, 'error');
      throw e;
    }
  }

  private async act(deadline: Deadline): Promise<FiredOutcome> {
    const { action } = deadline;
    switch (action.type) {
      case 'MarkOverdue': {
        const { stage, entry, dueAt } = action.data;
        if (!isStage(stage)) throw new Error(`deadline ${deadline.id} names an unknown stage ${stage}`);
        return this.send(deadline, { type: 'MarkOverdue', data: { stage, entry, dueAt } });
      }
      case 'EndPublicity':
        return this.send(deadline, { type: 'EndPublicity', data: { batchId: action.data.batchId } });
      case 'SendReminder': {
        const { stage, entry, dueAt, offset } = action.data;
        if (!isStage(stage)) throw new Error(`deadline ${deadline.id} names an unknown stage ${stage}`);
        return this.send(deadline, { type: 'SendReminder', data: { stage, entry, dueAt, offset } });
      }
      case 'MarkReportDue':
      case 'MarkReportMissed': {
        const { period, dueAt } = action.data;
        return this.send(deadline, { type: action.type, data: { period, dueAt } });
      }
      case 'RemindWindowClosing':
      case 'CloseProgramWindow': {
        const { programId } = action.data;
        const result = action.type === 'RemindWindowClosing'
          ? await this.windows.remindClosing(programId, SYSTEM_ACTOR, deadline.id)
          : await this.windows.close(programId, SYSTEM_ACTOR, deadline.id);
        this.logger.log({ deadlineId: deadline.id, programId, command: action.type, appended: result.appended }, 'Deadline fired.');
        return 'sent';
      }
      default: {
        const never: never = action;
        throw new Error(`deadline with unknown action ${(never as { type: string }).type}`);
      }
    }
  }

  private async send(deadline: Deadline, command: CaseCommand): Promise<FiredOutcome> {
    const meta = { deadlineId: deadline.id, caseId: deadline.caseId, command: command.type };
    try {
      // The deadline id is the correlation: every event a timer causes names the timer it came from.
      const result = await this.cases.execute(deadline.caseId, command, { actor: SYSTEM_ACTOR, correlationId: deadline.id });
      this.logger.log({ ...meta, stage: result.stage, revision: result.revision }, 'Deadline fired.');
      return 'sent';
    } catch (e) {
      const rule = isDomainError(e) ? refusedRule(e) : undefined;
      if (rule === undefined) throw e;
      this.logger.log({ ...meta, rule, reason: (e as DomainError).message }, 'Deadline refused for now; it is settled another way.');
      return 'refused';
    }
  }
}
