/**
 * Runs a user decider command against one user's stream (by id, as the routes name users), and the writes around a
 * password: hash, credential row under the id of the event that will say the password was set, the append, then
 * dropping the user's older rows (see auth/credential.store.ts for why in this order). The directory has caught up
 * when a call returns, so the next request already sees the change (an ended session, a new role).
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError, userDecider, userStream } from '@shenbao/domain';
import type { Actor, UserCommand } from '@shenbao/domain';
import { CredentialStore } from '../auth/credential.store';
import { PasswordHasher } from '../auth/password-hasher';
import { CommandRunner, newEventId } from '@shenbao/commands';
import type { CommandContext } from '@shenbao/commands';
import { USER_DIRECTORY } from './user-directory';
import type { UserDirectory, UserRecord } from './user-directory';

@Injectable()
export class UserCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly hasher: PasswordHasher,
    private readonly credentials: CredentialStore,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  /** The user, or 404 NOT_FOUND. */
  async find(userId: string): Promise<UserRecord> {
    let user = this.users.byId(userId);
    if (!user) {
      await this.users.catchUp();
      user = this.users.byId(userId);
    }
    if (!user) throw new DomainError('NOT_FOUND', `No user ${userId}.`);
    return user;
  }

  /**
   * Decides (as `actor`) and appends (with `ctx`'s metadata); `eventId` fixes the id of the (single) event, as a
   * credential row names it.
   */
  async run(username: string, command: UserCommand, actor: Actor, ctx: CommandContext, eventId?: string): Promise<{ position: number }> {
    const result = await this.runner.run(
      command.type,
      { user: { stream: userStream(username), model: userDecider } },
      ({ user }, now) => ({
        user: userDecider.decide(command, user.state, { actor, now }).map((e) => (eventId !== undefined ? { ...e, id: eventId } : e)),
      }),
      ctx,
    );
    await this.users.catchUp();
    return { position: result.position };
  }

  /** Runs a password-setting command with the hash of `password` stored under its event's id. */
  async runWithPassword(userId: string, username: string, password: string, command: UserCommand, actor: Actor, ctx: CommandContext): Promise<void> {
    const eventId = newEventId();
    const passwordHash = await this.hasher.hash(password);
    await this.credentials.set({ userId, eventId, passwordHash });
    try {
      await this.run(username, command, actor, ctx, eventId);
    } catch (e) {
      // Refused or failed: the row names an event that does not exist; drop it (harmless if this fails too).
      await this.credentials.discard(userId, eventId).catch(() => undefined);
      throw e;
    }
    await this.credentials.keepOnly(userId, eventId);
  }
}
