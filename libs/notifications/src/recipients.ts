/**
 * From a recipient scope key to the users behind it who have an e-mail address. The port is implemented where
 * the users are known (the API's user directory, or UserLogDirectory below for a process without one).
 */
import { LogFollower } from '@shenbao/event-store';
import type { FollowedLog, StoredEvent } from '@shenbao/event-store';
import { applyChanges } from '@shenbao/domain';
import type { Role, UserEvent } from '@shenbao/domain';
import { PROVINCE_KEY } from './notice.types';

export interface Recipient {
  userId: string;
  email: string;
  displayName: string;
}

export interface RecipientDirectory {
  /** Active users with an e-mail address that the scope key addresses (a user id addresses that user). */
  recipients(scopeKey: string): Promise<Recipient[]>;
}

/** What matching needs of a user. */
export interface NotifiableUser {
  id: string;
  displayName: string;
  role: Role;
  active: boolean;
  email?: string;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
}

/** Whether `key` addresses `user` (the inverse of the inbox's recipientKeys). */
export function addresses(key: string, user: NotifiableUser): boolean {
  if (key === user.id) return true;
  if (key === PROVINCE_KEY) return user.role === 'province';
  const [scope, a, b] = key.split(':');
  switch (scope) {
    case 'city':
      return user.role === 'city' && user.cityCode === a;
    case 'expert':
      return user.role === 'expert' && user.expertId === a;
    case 'applicant':
      return user.role === 'applicant' && user.cityCode === a && (user.districtCode ?? '-') === b;
    default:
      return false;
  }
}

/** The active users with an e-mail address that `key` addresses, ordered by id (stable job order). */
export function recipientsAmong(users: Iterable<NotifiableUser>, key: string): Recipient[] {
  const out: Recipient[] = [];
  for (const u of users) {
    if (!u.active || u.email === undefined || u.email === '' || !addresses(key, u)) continue;
    out.push({ userId: u.id, email: u.email, displayName: u.displayName });
  }
  return out.sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0));
}

const USER_EVENTS = new Set(['UserRegistered', 'UserDeactivated', 'UserReactivated', 'UserUpdated']);

/**
 * A RecipientDirectory folded from the user streams of the log, for a process (the worker) that has no user
 * directory of its own: a handler on the processor kernel, in memory (it starts from the beginning; a few events per
 * user). Catches up before every lookup, so a user registered a moment ago is found.
 */
export class UserLogDirectory implements RecipientDirectory {
  private readonly users = new Map<string, NotifiableUser>();
  private readonly byStream = new Map<string, string>();
  private readonly follower: LogFollower;

  constructor(store: FollowedLog) {
    this.follower = new LogFollower(store, {
      name: 'notification-recipients',
      types: [...USER_EVENTS],
      batchSize: 1000,
      start: () => 0,
      // Its state is this memory: applied is checkpointed. An event it cannot apply stops the lookup (as before).
      handle: (events) => {
        for (const e of events) if (USER_EVENTS.has(e.type)) this.apply(e);
      },
    });
  }

  async recipients(scopeKey: string): Promise<Recipient[]> {
    await this.catchUp();
    return recipientsAmong(this.users.values(), scopeKey);
  }

  async catchUp(): Promise<void> {
    await this.follower.catchUp();
  }

  private apply(stored: StoredEvent): void {
    const event = { type: stored.type, data: stored.data } as UserEvent;
    if (event.type === 'UserRegistered') {
      const { userId, passwordHash: _hash, username: _name, ...rest } = event.data;
      this.users.set(userId, { id: userId, active: true, ...rest });
      this.byStream.set(stored.stream, userId);
      return;
    }
    const id = this.byStream.get(stored.stream) ?? '';
    const user = this.users.get(id);
    if (!user) return;
    if (event.type === 'UserDeactivated') user.active = false;
    else if (event.type === 'UserReactivated') user.active = true;
    // A new e-mail address, role or scope changes who a notice reaches.
    else if (event.type === 'UserUpdated') this.users.set(id, applyChanges(user, event.data.changes).next);
  }
}
