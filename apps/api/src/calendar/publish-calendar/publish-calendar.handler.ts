/** Publishes a year's official arrangement; the deadline consumer re-plans the open deadlines when it sees the event. */
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { calendarDecider, calendarStream } from '@shenbao/domain';
import type { CalendarEvent, CalendarState } from '@shenbao/domain';
import type { CalendarYear } from '@shenbao/scheduling';
import { CommandRunner, CalendarBook } from '@shenbao/commands';
import type { StreamSpec } from '@shenbao/commands';
import { PublishCalendarCommand } from './publish-calendar.command';

const calendarSpec = (year: number): StreamSpec<CalendarState, CalendarEvent> => ({ stream: calendarStream(year), model: calendarDecider });

@CommandHandler(PublishCalendarCommand)
export class PublishCalendarHandler implements ICommandHandler<PublishCalendarCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly book: CalendarBook,
  ) {}

  async execute({ year, body, actor, context }: PublishCalendarCommand): Promise<CalendarYear> {
    await this.runner.run(
      'PublishCalendar',
      { calendar: calendarSpec(year) },
      ({ calendar }, now) => {
        const data = { year, holidays: body.holidays, adjustedWorkdays: body.adjustedWorkdays, notice: body.notice };
        return { calendar: calendarDecider.decide({ type: 'PublishCalendar', data }, calendar.state, { actor, now }) };
      },
      context,
    );
    await this.book.catchUp();
    return this.book.year(year);
  }
}
