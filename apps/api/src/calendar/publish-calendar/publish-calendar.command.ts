import { Command } from '@nestjs/cqrs';
import type { Actor } from '@shenbao/domain';
import type { CalendarYear } from '@shenbao/scheduling';
import type { CommandContext } from '@shenbao/commands';
import type { PublishCalendarDto } from './publish-calendar.dto';

export class PublishCalendarCommand extends Command<CalendarYear> {
  constructor(
    readonly year: number,
    /** Shape checked by the DTO; dates, duplicates and rules by the calendar decider. */
    readonly body: PublishCalendarDto,
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}
