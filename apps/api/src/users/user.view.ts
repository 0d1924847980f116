import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Role } from '@shenbao/domain';
import type { UserRecord } from './user-directory';

/** A user as the API shows it: never anything about the password but whether a change is required. */
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
  @ApiProperty({ description: 'true after an administrator reset the password, until the user sets one' }) mustChangePassword!: boolean;
  @ApiProperty() createdAt!: string;
}

export function toUserView(u: UserRecord): UserView {
  const { passwordEventId: _event, legacyPasswordHash: _hash, sessionVersion: _version, ...view } = u;
  return view;
}
