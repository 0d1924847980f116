/**
 * Registers a user: password policy, argon2id hash, then the user decider appends `UserRegistered` to
 * `user-<username>` with `no_stream`, so a taken username is refused by the store even under concurrency
 * (422 `user.exists`).
 */
import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { newId } from '../../infrastructure/ids';
import { DomainError, passwordProblems, userDecider, userStream } from '@shenbao/domain';
import type { RegisterUser } from '@shenbao/domain';
import { PasswordHasher } from '../../auth/password-hasher';
import { CommandRunner } from '../../infrastructure/command-runner';
import { USER_DIRECTORY } from '../user-directory';
import type { UserDirectory } from '../user-directory';
import { RegisterUserCommand } from './register-user.command';

@CommandHandler(RegisterUserCommand)
export class RegisterUserHandler implements ICommandHandler<RegisterUserCommand> {
  constructor(
    private readonly runner: CommandRunner,
    private readonly hasher: PasswordHasher,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  async execute({ input, actor, context }: RegisterUserCommand): Promise<{ id: string }> {
    const problems = passwordProblems(input.password, input.username);
    if (problems.length > 0) throw DomainError.validation([{ field: 'password', messages: problems.map((p) => `password ${p}`) }]);
    const userId = newId();
    const passwordHash = await this.hasher.hash(input.password);
    const command: RegisterUser = {
      type: 'RegisterUser',
      data: {
        userId,
        username: input.username,
        passwordHash,
        displayName: input.displayName,
        role: input.role,
        ...(input.cityCode !== undefined ? { cityCode: input.cityCode } : {}),
        ...(input.districtCode !== undefined ? { districtCode: input.districtCode } : {}),
        ...(input.expertId !== undefined ? { expertId: input.expertId } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
      },
    };
    await this.runner.run(
      command.type,
      { user: { stream: userStream(input.username), model: userDecider } },
      ({ user }, now) => ({ user: userDecider.decide(command, user.state, { actor, now }) }),
      context,
    );
    await this.users.catchUp();
    return { id: userId };
  }
}
