import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateBy } from 'class-validator';
import { isEmail, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, ROLES, USERNAME_PATTERN } from '@shenbao/domain';
import type { Role } from '@shenbao/domain';

const DIVISION_CODE = /^\d{6}$/;

export class RegisterUserDto {
  @ApiProperty({ example: 'city-gz', pattern: USERNAME_PATTERN.source })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 3–32 characters of a-z, 0-9, _ . and -' })
  username!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, format: 'password' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @ApiProperty({ example: '广州市工业和信息化局' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  displayName!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'GB/T 2260 city code; required for city and applicant', example: '440100' })
  @IsOptional()
  @Matches(DIVISION_CODE, { message: 'cityCode must be a 6-digit GB/T 2260 code' })
  cityCode?: string;

  @ApiPropertyOptional({ description: 'GB/T 2260 district code; district-level applicants', example: '440106' })
  @IsOptional()
  @Matches(DIVISION_CODE, { message: 'districtCode must be a 6-digit GB/T 2260 code' })
  districtCode?: string;

  @ApiPropertyOptional({ description: 'Expert pool id; required for expert' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  expertId?: string;

  @ApiPropertyOptional({ description: 'Where e-mail notices go (when SMTP_URL is set)', example: 'bigdata@thnet.gov.cn' })
  @IsOptional()
  // The domain's own predicate, so the API and the decider judge an address the same way.
  @ValidateBy({
    name: 'isEmail',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isEmail(value),
      defaultMessage: () => 'email must be an e-mail address',
    },
  })
  email?: string;
}

export class CreatedIdResponse {
  @ApiProperty() id!: string;
}
