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
import { currentWorkingCalendar, useWorkingCalendar, type CalendarYear } from '@shenbao/scheduling';
import { CatchUpReadModel } from '../infrastructure/catch-up-read-model';
import { EVENT_STORE } from '../infrastructure/tokens';

@Injectable()
export class CalendarBook extends CatchUpReadModel implements OnModuleInit {
  private readonly logger = new Logger('Calendar');

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (stored.type !== 'CalendarPublished' || !stored.stream.startsWith(CALENDAR_STREAM_PREFIX)) return;
    const { year, holidays, adjustedWorkdays, notice } = (stored as unknown as CalendarPublished).data;
    useWorkingCalendar(currentWorkingCalendar().withPublished(year, { holidays, adjustedWorkdays, notice }));
    this.logger.log({ year, notice, position: stored.position }, 'Official holiday arrangement in force.');
  }

  year(year: number): CalendarYear {
    return currentWorkingCalendar().year(year);
  }
}
