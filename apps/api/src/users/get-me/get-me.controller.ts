import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { AllowedBeforePasswordChange, CurrentUser } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { USER_DIRECTORY } from '../user-directory';
import type { UserDirectory } from '../user-directory';
import { toUserView, UserView } from '../user.view';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class GetMeController {
  constructor(@Inject(USER_DIRECTORY) private readonly users: UserDirectory) {}

  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  // Readable while a password change is required, so a client can show who is signed in and why it must change.
  @AllowedBeforePasswordChange()
  @ApiOkResponse({ type: UserView })
  me(@CurrentUser() user: AuthUser): UserView {
    const record = this.users.byId(user.id);
    if (!record) throw new DomainError('NOT_FOUND', 'No such user.');
    return toUserView(record);
  }
}
