import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Role } from '@shenbao/domain';
import type { UserRecord } from './user-directory';

/** A user as the API shows it: never the password hash. */
export class UserView {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ['admin', 'province', 'city', 'applicant', 'expert'] }) role!: Role;
  @ApiPropertyOptional() cityCode?: string;
  @ApiPropertyOptional() districtCode?: string;
  @ApiPropertyOptional() expertId?: string;
  @ApiPropertyOptional() email?: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
}

export function toUserView(u: UserRecord): UserView {
  const { passwordHash: _hidden, ...view } = u;
  return view;
}
