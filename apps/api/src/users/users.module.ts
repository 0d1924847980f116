import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { AdminBootstrap } from './admin-bootstrap';
import { GetMeController } from './get-me/get-me.controller';
import { ListUsersController } from './list-users/list-users.controller';
import { RegisterUserController } from './register-user/register-user.controller';
import { RegisterUserHandler } from './register-user/register-user.handler';

@Module({
  imports: [AuthModule],
  // GetMe before the others: `users/me` must not be read as a user id by a later `users/:id` route.
  controllers: [GetMeController, ListUsersController, RegisterUserController],
  providers: [RegisterUserHandler, AdminBootstrap],
})
export class UsersModule {}
