import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { isEmail, ROLES } from '@shenbao/domain';
import { OptionalOrNull } from '../../common/validation/validation.pipe';
import type { Role } from '@shenbao/domain';

const DIVISION_CODE = /^\d{6}$/;
const REASON = { description: 'Why; kept in the event', example: '人员调整' };

/**
 * Fields to change; `null` removes an optional one (e-mail, city, district, expert id). The role and scope of the
 * resulting profile must agree as at registration (an applicant turned province officer loses cityCode: send null).
 */
export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100) displayName?: string;

  @ApiPropertyOptional({ nullable: true })
  @OptionalOrNull()
  @ValidateBy({ name: 'isEmail', validator: { validate: (v: unknown) => typeof v === 'string' && isEmail(v), defaultMessage: () => 'email must be an e-mail address' } })
  email?: string | null;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ nullable: true, example: '440100' })
  @OptionalOrNull()
  @Matches(DIVISION_CODE, { message: 'cityCode must be a 6-digit GB/T 2260 code' })
  cityCode?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '440106' })
  @OptionalOrNull()
  @Matches(DIVISION_CODE, { message: 'districtCode must be a 6-digit GB/T 2260 code' })
  districtCode?: string | null;

  @ApiPropertyOptional({ nullable: true }) @OptionalOrNull() @IsString() @IsNotEmpty() @MaxLength(64) expertId?: string | null;

  @ApiPropertyOptional(REASON) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) reason?: string;
}

export class ReasonDto {
  @ApiProperty(REASON) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class PasswordResetDto {
  @ApiPropertyOptional(REASON) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) reason?: string;
}

export class TemporaryPasswordResponse {
  @ApiProperty({ description: 'Shown only this once; the user must change it at the next sign-in' }) temporaryPassword!: string;
}
