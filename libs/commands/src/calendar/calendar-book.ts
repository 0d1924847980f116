/**
 * The working-day calendar of this process, folded from the `calendar-<year>` streams (a few dozen dates per published
 * year), persisted with its checkpoint in app.sqlite so a start reads only what was published after it. Every CalendarPublished it applies becomes the calendar the due-time arithmetic reads
 * (`useWorkingCalendar`), so the deadline planner, the case view and publicity periods agree. Caught up at module
 * init, before the deadline consumer starts planning (onApplicationBootstrap), and after each publish.
 */
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { CALENDAR_STREAM_PREFIX, type CalendarPublished } from '@shenbao/domain';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import { useWorkingCalendar, WorkingCalendar, type CalendarYear, type YearArrangement } from '@shenbao/scheduling';
import type { AppDatabase } from '../infrastructure/app-database';
import { PersistedReadModel } from '../infrastructure/persisted-read-model';
import { MetricsService } from '../observability/metrics.service';
import { APP_DATABASE, EVENT_STORE } from '@shenbao/host';

@Injectable()
export class CalendarBook extends PersistedReadModel<YearArrangement> implements OnModuleInit {
  private readonly logger = new Logger('Calendar');
  /** Folded from this store only (a calendar left by another store in the same process, as in tests, is not kept). */
  private calendar = new WorkingCalendar();

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() @Inject(APP_DATABASE) db?: AppDatabase, @Optional() metrics?: MetricsService) {
    super(store, db, { name: 'calendar', version: 1, types: ['CalendarPublished'] }, metrics);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
    useWorkingCalendar(this.calendar);
  }

  protected apply(stored: StoredEvent): void {
    if (stored.type !== 'CalendarPublished' || !stored.stream.startsWith(CALENDAR_STREAM_PREFIX)) return;
    const { year, holidays, adjustedWorkdays, notice } = (stored as unknown as CalendarPublished).data;
    const arrangement = { holidays, adjustedWorkdays, notice };
    this.put(String(year), arrangement);
    this.calendar = this.calendar.withPublished(year, arrangement);
    useWorkingCalendar(this.calendar);
    this.logger.log({ year, notice, position: stored.position }, 'Official holiday arrangement in force.');
  }

  /** The years published before the checkpoint, without their events. */
  protected override restored(): void {
    this.calendar = new WorkingCalendar(new Map([...this.rows].map(([year, arrangement]) => [Number(year), arrangement])));
  }

  year(year: number): CalendarYear {
    return this.calendar.year(year);
  }
}
