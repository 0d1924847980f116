import { Module } from '@nestjs/common';
import { CalendarBook } from './calendar-book';

/** The working-day calendar of this process, which every due-time computation reads. */
@Module({
  providers: [CalendarBook],
  exports: [CalendarBook],
})
export class CalendarBookModule {}
