import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString } from 'class-validator';

/** A year has about 30 days off and a handful of adjusted workdays; the limits leave room for any real arrangement. */
const MAX_HOLIDAYS = 60;
const MAX_ADJUSTED_WORKDAYS = 20;

export class PublishCalendarDto {
  @ApiProperty({ type: [String], maxItems: MAX_HOLIDAYS, description: 'Every day off of the year (YYYY-MM-DD), weekends inside a holiday block included.' })
  @IsArray()
  @ArrayMaxSize(MAX_HOLIDAYS)
  holidays!: string[];

  @ApiProperty({ type: [String], maxItems: MAX_ADJUSTED_WORKDAYS, description: 'The Saturdays and Sundays worked instead (调休), YYYY-MM-DD.' })
  @IsArray()
  @ArrayMaxSize(MAX_ADJUSTED_WORKDAYS)
  adjustedWorkdays!: string[];

  @ApiProperty({ example: '国办发明电〔2026〕7号', description: 'The State Council notice number.' })
  @IsString()
  notice!: string;
}

export class CalendarYearResponse {
  @ApiProperty() year!: number;
  @ApiProperty({ enum: ['official', 'provisional'] }) status!: 'official' | 'provisional';
  @ApiProperty({ type: [String] }) holidays!: readonly string[];
  @ApiProperty({ type: [String] }) adjustedWorkdays!: readonly string[];
  @ApiPropertyOptional() notice?: string;
}
