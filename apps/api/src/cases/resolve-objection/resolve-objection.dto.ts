import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { TEXT_MAX } from '../http/common.dto';

export const RETURN_TARGETS = ['expertReview', 'defense', 'siteVisit', 'rejected'] as const;
export type ReturnTarget = (typeof RETURN_TARGETS)[number];

export class ResolveObjectionDto {
  @ApiProperty()
  @IsBoolean()
  upheld!: boolean;

  @ApiProperty()
  @IsString()
  @MaxLength(TEXT_MAX)
  comment!: string;

  @ApiPropertyOptional({ enum: RETURN_TARGETS, description: 'Required when upheld: where the case goes back to' })
  @IsOptional()
  @IsIn(RETURN_TARGETS)
  returnTo?: ReturnTarget;
}
