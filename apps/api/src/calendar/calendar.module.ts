import { Module } from '@nestjs/common';
import { CalendarBookModule } from '@shenbao/commands';
import { CalendarController } from './calendar.controller';
import { PublishCalendarHandler } from './publish-calendar/publish-calendar.handler';

/** The working-day calendar: GET/PUT /calendar/:year and the in-memory calendar every due-time computation reads. */
@Module({
  imports: [CalendarBookModule],
  controllers: [CalendarController],
  providers: [PublishCalendarHandler],
  exports: [CalendarBookModule],
})
export class CalendarModule {}
