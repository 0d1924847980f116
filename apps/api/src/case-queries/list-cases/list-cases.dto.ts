import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { isDate } from '@shenbao/domain';
import { CASE_SORTS, HOLDER_ROLES } from '@shenbao/projections';
import type { CaseSort } from '@shenbao/projections';
import { STAGES } from '@shenbao/workflows';
import type { Stage } from '@shenbao/workflows';
import { ReadListQueryDto, queryBoolean } from '../../read-side/read-query';

/** The longest `q`: a full unit name (the longest seeded are ~20 characters) or a whole case id (36) fits. */
export const MAX_Q_LENGTH = 50;

/** A `YYYY-MM-DD` that names a real day; `name` is the parameter the message names. */
const IsDay = (name: string): PropertyDecorator =>
  ValidateBy({
    name: 'isDay',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isDate(value),
      defaultMessage: () => `${name} must be a date YYYY-MM-DD that exists (e.g. 2019-03-01)`,
    },
  });

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

  @ApiPropertyOptional({ description: 'Cases involving this district (the applicant or a joint partner)', example: '440106' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'districtCode must be a 6-digit GB/T 2260 code' })
  districtCode?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only cases whose current stage is overdue; false: only the others' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ enum: HOLDER_ROLES, description: 'Only overdue cases held now by this role (the dashboard\'s overdueByRole)' })
  @IsOptional()
  @IsIn(HOLDER_ROLES, { message: `overdueRole must be one of ${HOLDER_ROLES.join(', ')}` })
  overdueRole?: (typeof HOLDER_ROLES)[number];

  @ApiPropertyOptional({
    maxLength: MAX_Q_LENGTH,
    example: '天河',
    description:
      'Part of a unit name (the applicant\'s or a joint partner\'s; Chinese text, any length from one character) or of the case id (the case number). Matched as a plain substring: `%` and `_` are literal; Latin letters match in either case.',
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'q must not be empty or blank' })
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'q must not contain control characters' })
  @MaxLength(MAX_Q_LENGTH, { message: `q must be at most ${MAX_Q_LENGTH} characters` })
  q?: string;

  @ApiPropertyOptional({
    enum: CASE_SORTS,
    description:
      'updatedAt / -updatedAt: by the time of the last change, oldest / newest first; dueAt: by the due time of the current stage (its time limit, or the end of a running publicity period), soonest first, cases without one last; unitName: by the applicant\'s unit name in Unicode code-point order (SQLite BINARY collation; for Chinese names the order of the characters in the CJK block, not pinyin). Ties are broken by creation, so pages are stable. Without sort: newest case first. A cursor is valid only with the sort it was issued for.',
  })
  @IsOptional()
  @IsIn(CASE_SORTS, { message: `sort must be one of ${CASE_SORTS.join(', ')}` })
  sort?: CaseSort;

  @ApiPropertyOptional({ format: 'date', example: '2019-03-01', description: 'Cases first submitted on or after this day (YYYY-MM-DD, Asia/Shanghai); never-submitted cases are left out' })
  @IsOptional()
  @IsDay('submittedFrom')
  @ValidateBy({
    name: 'notAfterSubmittedTo',
    validator: {
      validate: (value: unknown, args) => {
        const to = (args?.object as ListCasesQueryDto | undefined)?.submittedTo;
        return typeof value !== 'string' || typeof to !== 'string' || !isDate(to) || value <= to;
      },
      defaultMessage: () => 'submittedFrom must be on or before submittedTo',
    },
  })
  submittedFrom?: string;

  @ApiPropertyOptional({ format: 'date', example: '2019-04-26', description: 'Cases first submitted on or before this day (YYYY-MM-DD, Asia/Shanghai); never-submitted cases are left out' })
  @IsOptional()
  @IsDay('submittedTo')
  submittedTo?: string;
}
