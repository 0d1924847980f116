import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { DurationUnit } from '@shenbao/workflows';

export class OpenPublicityBatchDto {
  @ApiProperty({ type: [String], maxItems: 100, description: 'Cases awaiting publicity, publicized together' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  caseIds!: string[];

  @ApiProperty({ example: '2019-07-15', description: 'YYYY-MM-DD (Asia/Shanghai): today starts now, a later date at 00:00' })
  @IsString()
  @MaxLength(10)
  startsOn!: string;

  @ApiPropertyOptional({ example: 'P7D', description: "ISO 8601; the workflow's publicity duration when absent" })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  duration?: string;

  @ApiPropertyOptional({ enum: ['calendar', 'working'], description: "The workflow's unit when absent" })
  @IsOptional()
  @IsIn(['calendar', 'working'])
  unit?: DurationUnit;
}

export class OpenedPublicityBatchResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ description: 'Global position of the last event appended' }) position!: number;
  @ApiPropertyOptional({
    description: 'Present (true) when the working-day period was counted over a year without an official holiday arrangement.',
  })
  provisional?: true;
}
