import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { STAGES } from '@shenbao/workflows';
import type { Stage } from '@shenbao/workflows';
import { ReadListQueryDto, queryBoolean } from '../../read-side/read-query';

/** `GET /cases` filters (API.md); unknown parameters are refused like unknown body fields. */
export class ListCasesQueryDto extends ReadListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  programId?: string;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES, { message: `stage must be one of ${STAGES.join(', ')}` })
  stage?: Stage;

  @ApiPropertyOptional({ description: 'Cases involving this city (the applicant or a joint partner)', example: '440100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'cityCode must be a 6-digit GB/T 2260 code' })
  cityCode?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only cases whose current stage is overdue; false: only the others' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;
}
