/**
 * Who the users are, for login, the auth guard and the user list: id → user and username → id, folded from the
 * user streams. Kept behind the `UserDirectory` interface because a durable projection (libs/projections) will
 * replace the in-memory one.
 */
import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import type { Role, UserEvent } from '@shenbao/domain';
import { CatchUpReadModel } from '../infrastructure/catch-up-read-model';
import { EVENT_STORE } from '../infrastructure/tokens';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  /** Where e-mail notices go; absent for users registered without one. */
  email?: string;
  passwordHash: string;
  active: boolean;
  createdAt: string;
}

export interface UserDirectory {
  /** Applies what the log holds beyond what the directory has seen. */
  catchUp(): Promise<void>;
  byId(id: string): UserRecord | undefined;
  byUsername(username: string): UserRecord | undefined;
  /** Users ordered by username, after `afterUsername` (exclusive). */
  list(limit: number, afterUsername?: string): UserRecord[];
  hasActiveAdmin(): boolean;
}

export const USER_DIRECTORY = Symbol('USER_DIRECTORY');

const USER_EVENT_TYPES = new Set<string>(['UserRegistered', 'UserPasswordChanged', 'UserDeactivated']);

@Injectable()
export class InMemoryUserDirectory extends CatchUpReadModel implements UserDirectory, OnModuleInit {
  private readonly users = new Map<string, UserRecord>();
  private readonly idByUsername = new Map<string, string>();
  private readonly idByStream = new Map<string, string>();

  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, [...USER_EVENT_TYPES]);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (!USER_EVENT_TYPES.has(stored.type)) return;
    const event = { type: stored.type, data: stored.data } as UserEvent;
    if (event.type === 'UserRegistered') {
      const { userId, passwordHash, ...rest } = event.data;
      this.users.set(userId, { id: userId, ...rest, passwordHash, active: true, createdAt: stored.metadata.at });
      this.idByUsername.set(rest.username, userId);
      this.idByStream.set(stored.stream, userId);
      return;
    }
    const user = this.byStream(stored.stream);
    if (!user) return;
    if (event.type === 'UserPasswordChanged') user.passwordHash = event.data.passwordHash;
    else if (event.type === 'UserDeactivated') user.active = false;
  }

  private byStream(stream: string): UserRecord | undefined {
    const id = this.idByStream.get(stream);
    return id === undefined ? undefined : this.users.get(id);
  }

  byId(id: string): UserRecord | undefined {
    return this.users.get(id);
  }

  byUsername(username: string): UserRecord | undefined {
    const id = this.idByUsername.get(username);
    return id === undefined ? undefined : this.users.get(id);
  }

  list(limit: number, afterUsername?: string): UserRecord[] {
    return [...this.users.values()]
      .filter((u) => afterUsername === undefined || u.username > afterUsername)
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
      .slice(0, limit);
  }

  hasActiveAdmin(): boolean {
    for (const u of this.users.values()) if (u.role === 'admin' && u.active) return true;
    return false;
  }
}
