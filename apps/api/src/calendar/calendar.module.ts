import { Module } from '@nestjs/common';
import { CalendarBook } from './calendar-book';
import { CalendarController } from './calendar.controller';
import { PublishCalendarHandler } from './publish-calendar/publish-calendar.handler';

/** The working-day calendar: GET/PUT /calendar/:year and the in-memory calendar every due-time computation reads. */
@Module({
  controllers: [CalendarController],
  providers: [CalendarBook, PublishCalendarHandler],
  exports: [CalendarBook],
})
export class CalendarModule {}
