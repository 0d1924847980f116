import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ROLES } from '@shenbao/domain';
import type { Role } from '@shenbao/domain';
import { Roles } from '../../auth/auth.decorators';
import { decodeCursor, DEFAULT_LIMIT, ListQueryDto, toPage } from '../../common/http/list-query.dto';
import type { Page } from '../../common/http/list-query.dto';
import { USER_DIRECTORY } from '../user-directory';
import type { UserDirectory, UserRecord } from '../user-directory';
import { toUserView } from '../user.view';
import type { UserView } from '../user.view';
import { ref } from '../../openapi/schema-helpers';

export class ListUsersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ description: 'Part of the username or display name (case-blind)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;

  @ApiPropertyOptional({ example: '440100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'cityCode must be a 6-digit GB/T 2260 code' })
  cityCode?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

function matcher(query: ListUsersQueryDto): (u: UserRecord) => boolean {
  const q = query.q?.trim().toLowerCase();
  return (u) =>
    (q === undefined || q === '' || u.username.includes(q) || u.displayName.toLowerCase().includes(q)) &&
    (query.role === undefined || u.role === query.role) &&
    (query.cityCode === undefined || u.cityCode === query.cityCode) &&
    (query.active === undefined || u.active === (query.active === 'true'));
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class ListUsersController {
  constructor(@Inject(USER_DIRECTORY) private readonly users: UserDirectory) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Users, by username, filtered by name, role, city and state (admin)' })
  @ApiOkResponse({ schema: ref('UserPage') })
  async list(@Query() query: ListUsersQueryDto): Promise<Page<UserView>> {
    await this.users.catchUp();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const fetched = this.users.list(limit + 1, decodeCursor(query.cursor), matcher(query));
    return toPage(fetched, limit, (u) => u.username, toUserView);
  }
}
