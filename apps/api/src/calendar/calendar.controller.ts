import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles } from '../auth/auth.decorators';
import type { RequestContext } from '../auth/auth.decorators';
import { CalendarBook } from '@shenbao/commands';
import { calendarYearParam } from './calendar-year.param';
import { PublishCalendarCommand } from './publish-calendar/publish-calendar.command';
import { CalendarYearResponse, PublishCalendarDto } from './publish-calendar/publish-calendar.dto';

/** `GET` for any signed-in user (due dates are read by everyone); `PUT` publishes, admin only. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(
    private readonly commands: CommandBus,
    private readonly book: CalendarBook,
  ) {}

  @Get(':year')
  @ApiOperation({ summary: 'A year’s working calendar: official (published) or provisional (statutory rules), with its holidays and adjusted workdays' })
  @ApiOkResponse({ type: CalendarYearResponse })
  async get(@Param('year') year: string): Promise<CalendarYearResponse> {
    const y = calendarYearParam(year);
    await this.book.catchUp();
    return this.book.year(y);
  }

  @Put(':year')
  @ApiOperation({ summary: 'Publish a year’s official holiday arrangement (admin); open deadlines of that year are re-planned' })
  @Roles('admin')
  @ApiOkResponse({ type: CalendarYearResponse })
  publish(@Param('year') year: string, @Body() body: PublishCalendarDto, @Ctx() ctx: RequestContext): Promise<CalendarYearResponse> {
    return this.commands.execute(new PublishCalendarCommand(calendarYearParam(year), body, ctx.actor, ctx));
  }
}
