import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RATINGS } from '@shenbao/workflows';
import type { Rating } from '@shenbao/workflows';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export class EvaluateProgressDto {
  @ApiProperty({ example: '2019H2' })
  @IsString()
  @MaxLength(50)
  period!: string;

  @ApiProperty({ enum: RATINGS })
  @IsIn(RATINGS)
  rating!: Rating;

  @ApiProperty()
  @IsString()
  @MaxLength(TEXT_MAX)
  comment!: string;

  @ApiPropertyOptional({ example: '2020-06-30', description: 'Province, failed rating: orders a rectification (整改) due then' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  rectificationDueOn?: string;
}
