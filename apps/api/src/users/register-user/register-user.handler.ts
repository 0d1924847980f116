/**
 * Registers a user: password policy, argon2id hash into the credential table, then the user decider appends
 * `UserRegistered` (without the hash) to `user-<username>` with `no_stream`, so a taken username is refused by the
 * store even under concurrency (422 `user.exists`).
 */
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@shenbao/commands';
import { DomainError, passwordProblems } from '@shenbao/domain';
import type { RegisterUser } from '@shenbao/domain';
import { UserCommands } from '../user-commands';
import { RegisterUserCommand } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(private readonly users: UserCommands) {}

  async execute({ input, actor, context }: RegisterUserCommand): Promise<{ id: string }> {
    const problems = passwordProblems(input.password, input.username);
    if (problems.length > 0) throw DomainError.validation([{ field: 'password', messages: problems.map((p) => `password ${p}`) }]);
    const userId = newId();
    const command: RegisterUser = {
      type: 'RegisterUser',
      data: {
        userId,
        username: input.username,
        displayName: input.displayName,
        role: input.role,
        ...(input.cityCode !== undefined ? { cityCode: input.cityCode } : {}),
        ...(input.districtCode !== undefined ? { districtCode: input.districtCode } : {}),
        ...(input.expertId !== undefined ? { expertId: input.expertId } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
      },
    };
    await this.users.runWithPassword(userId, input.username, input.password, command, actor, context);
    return { id: userId };
  }
}
