import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsString } from 'class-validator';

export class PublishCalendarDto {
  @ApiProperty({ type: [String], description: 'Every day off of the year (YYYY-MM-DD), weekends inside a holiday block included.' })
  @IsArray()
  holidays!: string[];

  @ApiProperty({ type: [String], description: 'The Saturdays and Sundays worked instead (调休), YYYY-MM-DD.' })
  @IsArray()
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
