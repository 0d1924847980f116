import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsString, MaxLength, ValidateNested } from 'class-validator';
import type { ProjectStatus } from '@shenbao/domain';

export const PROJECT_STATUSES = ['not_started', 'in_progress', 'done', 'stalled'] as const;

export class IndicatorDto {
  @ApiProperty({ example: '政务数据共享率' }) @IsString() @MaxLength(200) name!: string;
  @ApiProperty({ example: '90%' }) @IsString() @MaxLength(1000) target!: string;
  @ApiProperty({ example: '72%' }) @IsString() @MaxLength(1000) actual!: string;
}

export class ProjectProgressDto {
  @ApiProperty({ description: 'seq of a key project of the application' }) @IsNumber() seq!: number;
  @ApiProperty({ description: '万元, ≥ 0, ≤ 2 decimals' }) @IsNumber() investedToDate!: number;
  @ApiProperty({ enum: PROJECT_STATUSES }) @IsIn(PROJECT_STATUSES) status!: ProjectStatus;
}

export class FileProgressReportDto {
  @ApiProperty({ example: '2019H2' })
  @IsString()
  @MaxLength(50)
  period!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  narrative!: string;

  @ApiProperty({ type: [IndicatorDto], maxItems: 200 })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators!: IndicatorDto[];

  @ApiProperty({ type: [ProjectProgressDto], maxItems: 500 })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ProjectProgressDto)
  projects!: ProjectProgressDto[];
}
