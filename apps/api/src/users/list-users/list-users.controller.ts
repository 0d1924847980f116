import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/auth.decorators';
import { decodeCursor, DEFAULT_LIMIT, ListQueryDto, toPage } from '../../common/http/list-query.dto';
import type { Page } from '../../common/http/list-query.dto';
import { USER_DIRECTORY } from '../user-directory';
import type { UserDirectory } from '../user-directory';
import { toUserView } from '../user.view';
import type { UserView } from '../user.view';
import { ref } from '../../openapi/schema-helpers';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class ListUsersController {
  constructor(@Inject(USER_DIRECTORY) private readonly users: UserDirectory) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Users, by username (admin)' })
  @ApiOkResponse({ schema: ref('UserPage') })
  async list(@Query() query: ListQueryDto): Promise<Page<UserView>> {
    await this.users.catchUp();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const fetched = this.users.list(limit + 1, decodeCursor(query.cursor));
    return toPage(fetched, limit, (u) => u.username, toUserView);
  }
}
