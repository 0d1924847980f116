/**
 * What follows a change of the working-day calendar, for the deadline machinery of this process: after a published
 * arrangement re-planned the open deadlines, the log says so and each holder whose due time moved is told (a
 * NoteDueMoved case command → StageDueMoved → inbox notice); and, for /health and the log, how many open deadlines
 * still rely on a provisional year.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { StoredEvent } from '@shenbao/event-store';
import { currentWorkingCalendar, provisionalYearsBetween, type DueMove } from '@shenbao/scheduling';
import { STAGES, type Stage } from '@shenbao/workflows';
import { CaseCommandService } from '../cases/case-command.service';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { DEADLINE_BACKEND } from './deadline-backend';
import type { DeadlineBackend } from './deadline-backend';
import { SYSTEM_ACTOR } from './fired-deadline.handler';

/** Open deadlines counted over a year whose official arrangement is not published yet (/health warns, never fails). */
export interface ProvisionalUse {
  deadlines: number;
  years: number[];
}

/** Reads of the backend for /health give up after this (a Redis that went away must not hang the probe). */
const READ_TIMEOUT_MS = 1500;
/** How long a count of the deadlines on provisional years is reused (it changes when cases move or a year is published). */
export const PROVISIONAL_USE_TTL_MS = 30_000;

@Injectable()
export class CalendarReplans {
  private readonly logger = new Logger('Calendar');
  private cachedUse: { use: ProvisionalUse; until: number } | undefined;

  constructor(
    @Inject(DEADLINE_BACKEND) private readonly backend: DeadlineBackend,
    private readonly cases: CaseCommandService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * How many open deadlines rely on a provisional year, and which years (from now to the last of them). Kept for
   * PROVISIONAL_USE_TTL_MS (health checks come every few seconds), forgotten when a publication re-plans.
   */
  async provisionalUse(): Promise<ProvisionalUse> {
    const now = this.clock().getTime();
    if (this.cachedUse && now < this.cachedUse.until) return this.cachedUse.use;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the deadline backend did not answer within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
    });
    const flagged = await Promise.race([this.backend.scheduler.provisionalPending(), timeout]).finally(() => clearTimeout(timer));
    const use: ProvisionalUse =
      flagged.count === 0 || flagged.lastDueAt === undefined
        ? { deadlines: 0, years: [] }
        : { deadlines: flagged.count, years: provisionalYearsBetween(this.clock(), new Date(flagged.lastDueAt)) };
    this.cachedUse = { use, until: now + PROVISIONAL_USE_TTL_MS };
    return use;
  }

  /** Logs a warning when open deadlines rely on a provisional year; never throws (it only informs). */
  async warnIfProvisional(): Promise<void> {
    try {
      const use = await this.provisionalUse();
      if (use.deadlines === 0) return;
      this.logger.warn({ ...use }, 'Open deadlines are counted on a provisional calendar (statutory holidays only); publish the official arrangement with PUT /calendar/:year.');
    } catch (e) {
      this.logger.warn({ err: e }, 'Could not count the deadlines that rely on a provisional calendar.');
    }
  }

  async replanned(event: StoredEvent, moves: DueMove[]): Promise<void> {
    const { year, notice } = event.data as { year: number; notice: string };
    this.logger.log({ year, position: event.position, moved: moves.length }, 'Holiday arrangement published; open deadlines re-planned.');
    for (const m of moves) await this.tellHolder(m, year, notice, event.position);
    await this.backend.calendarMark.save(currentWorkingCalendar().fingerprint());
    this.cachedUse = undefined;
    await this.warnIfProvisional();
  }

  /**
   * At start, the log applied and the consumer not yet following: when the schedule was planned under another
   * calendar (none recorded: planned before the calendar existed, as 2027 was counted as plain weekdays; or the
   * shipped table or the provisional rules changed with an upgrade), re-plans every open deadline. Logged, not
   * told to holders: nothing was published.
   */
  async replanIfCalendarChanged(replanAll: () => Promise<DueMove[]>): Promise<void> {
    const mark = currentWorkingCalendar().fingerprint();
    if ((await this.backend.calendarMark.load()) === mark) return;
    const moves = await replanAll();
    for (const m of moves) this.logger.log({ ...m }, 'Stage due time corrected: it was planned under another working calendar.');
    this.logger.log({ moved: moves.length }, 'Working calendar differs from the one the schedule was planned with; open deadlines re-planned.');
    await this.backend.calendarMark.save(mark);
  }

  private async tellHolder(move: DueMove, year: number, notice: string, position: number): Promise<void> {
    const { caseId, stage, entry, from, to } = move;
    this.logger.log({ ...move, year }, 'Stage due time moved by the published arrangement.');
    if (!(STAGES as readonly string[]).includes(stage)) return;
    try {
      const command = { type: 'NoteDueMoved' as const, data: { stage: stage as Stage, entry, from, to, year, notice } };
      await this.cases.execute(caseId, command, { actor: SYSTEM_ACTOR, correlationId: `calendar-${year}-${position}` });
    } catch (e) {
      // The timer is re-planned already; only the notice is missing (a re-run would find nothing left to move).
      this.logger.error({ err: e, caseId, stage, entry }, 'Could not tell the holder that the due time moved.');
    }
  }
}
