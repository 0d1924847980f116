import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export class ConcludeExpertReviewDto {
  @ApiPropertyOptional({ enum: ['defer'], description: 'defer → cultivation; absent: pass or fail computed from the scores' })
  @IsOptional()
  @IsIn(['defer'])
  decision?: 'defer';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  comment?: string;
}
