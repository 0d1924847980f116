import { Inject } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type { ICommandHandler } from '@nestjs/cqrs';
import { newId, CommandRunner, EXPERT_DIRECTORY } from '@shenbao/commands';
import { expertDecider, expertStream } from '@shenbao/domain';
import type { RegisterExpert } from '@shenbao/domain';
import type { ExpertDirectory } from '@shenbao/commands';
import { RegisterExpertCommand } from './register-expert.command';

@CommandHandler(RegisterExpertCommand)
export class RegisterExpertHandler implements ICommandHandler<RegisterExpertCommand> {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EXPERT_DIRECTORY) private readonly experts: ExpertDirectory,
  ) {}

  async execute({ profile, actor, context }: RegisterExpertCommand): Promise<{ id: string }> {
    const expertId = newId();
    const command: RegisterExpert = { type: 'RegisterExpert', data: { expertId, ...profile } };
    await this.runner.run(
      command.type,
      { expert: { stream: expertStream(expertId), model: expertDecider } },
      ({ expert }, now) => ({ expert: expertDecider.decide(command, expert.state, { actor, now }) }),
      context,
    );
    await this.experts.catchUp();
    return { id: expertId };
  }
}
