import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { Role } from '@shenbao/domain';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  password!: string;
}

export class LoginUserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['admin', 'province', 'city', 'applicant', 'expert'] }) role!: Role;
  @ApiPropertyOptional() cityCode?: string;
  @ApiPropertyOptional() districtCode?: string;
  @ApiPropertyOptional() expertId?: string;
  @ApiProperty({ description: 'true after an administrator reset the password: every route but POST /users/me/password, GET /users/me and POST /auth/logout answers 403 (details.reason passwordChangeRequired) until it is changed' })
  mustChangePassword!: boolean;
}

export class LoginResponse {
  @ApiProperty({ description: 'Bearer token, valid for 8 hours or until signed out (POST /auth/logout), the password changes or the account is deactivated' }) accessToken!: string;
  @ApiProperty({ type: LoginUserView }) user!: LoginUserView;
}
