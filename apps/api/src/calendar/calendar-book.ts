/**
 * The working-day calendar of this process, folded from the `calendar-<year>` streams (in memory: a few dozen dates
 * per published year). Every CalendarPublished it applies becomes the calendar the due-time arithmetic reads
 * (`useWorkingCalendar`), so the deadline planner, the case view and publicity periods agree. Caught up at module
 * init, before the deadline consumer starts planning (onApplicationBootstrap), and after each publish.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { CALENDAR_STREAM_PREFIX, type CalendarPublished } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import { useWorkingCalendar, WorkingCalendar, type CalendarYear } from '@shenbao/scheduling';
import { CatchUpReadModel } from '../infrastructure/catch-up-read-model';
import { EVENT_STORE } from '../infrastructure/tokens';

@Injectable()
export class CalendarBook extends CatchUpReadModel implements OnModuleInit {
  private readonly logger = new Logger('Calendar');
  /** Folded from this store only (a calendar left by another store in the same process, as in tests, is not kept). */
  private calendar = new WorkingCalendar();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, ['CalendarPublished']);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
    useWorkingCalendar(this.calendar);
  }

  protected apply(stored: StoredEvent): void {
    if (stored.type !== 'CalendarPublished' || !stored.stream.startsWith(CALENDAR_STREAM_PREFIX)) return;
    const { year, holidays, adjustedWorkdays, notice } = (stored as unknown as CalendarPublished).data;
    this.calendar = this.calendar.withPublished(year, { holidays, adjustedWorkdays, notice });
    useWorkingCalendar(this.calendar);
    this.logger.log({ year, notice, position: stored.position }, 'Official holiday arrangement in force.');
  }

  year(year: number): CalendarYear {
    return this.calendar.year(year);
  }
}
