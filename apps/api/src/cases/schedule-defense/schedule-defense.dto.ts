import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';

export class ScheduleDefenseDto {
  @ApiProperty({ example: '2019-06-10T09:00:00+08:00', description: 'ISO 8601 instant with a zone' })
  @IsString()
  @MaxLength(40)
  scheduledAt!: string;

  @ApiProperty({ example: '省工业和信息化厅 3 楼会议室' })
  @IsString()
  @MaxLength(200)
  venue!: string;

  @ApiProperty({ type: [String], maxItems: 50, description: 'Expert ids from the pool' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  panelExpertIds!: string[];
}
