import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';

export class ScheduleSiteVisitDto {
  @ApiProperty({ example: '2019-07-02T09:30:00+08:00', description: 'ISO 8601 instant with a zone' })
  @IsString()
  @MaxLength(40)
  scheduledAt!: string;

  @ApiProperty({ type: [String], maxItems: 50, example: ['王处长', '李教授'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  team!: string[];
}
