import { Command } from '@nestjs/cqrs';
import type { Actor, Role } from '@shenbao/domain';
import type { CommandContext } from '@shenbao/commands';

export interface RegisterUserInput {
  username: string;
  /** Plain text: checked against the policy and hashed by the handler, never stored. */
  password: string;
  displayName: string;
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  email?: string;
}

export class RegisterUserCommand extends Command<{ id: string }> {
  constructor(
    readonly input: RegisterUserInput,
    /** Whom the decider sees acting (an administrator, or the system seeding the first admin). */
    readonly actor: Actor,
    readonly context: CommandContext,
  ) {
    super();
  }
}
