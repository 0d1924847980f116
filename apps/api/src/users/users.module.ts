import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminBootstrap } from './admin-bootstrap';
import { GetMeController } from './get-me/get-me.controller';
import { ListUsersController } from './list-users/list-users.controller';
import { LogoutController } from './logout/logout.controller';
import { ManageUserController } from './manage-user/manage-user.controller';
import { OwnPasswordController } from './own-password/own-password.controller';
import { RegisterUserController } from './register-user/register-user.controller';
import { RegisterUserHandler } from './register-user/register-user.handler';
import { UserCommands } from './user-commands';

@Module({
  imports: [AuthModule],
  // GetMe and OwnPassword before the others: `users/me` must not be read as a user id by a later `users/:id` route.
  controllers: [GetMeController, OwnPasswordController, ListUsersController, RegisterUserController, ManageUserController, LogoutController],
  providers: [RegisterUserHandler, AdminBootstrap, UserCommands],
})
export class UsersModule {}
