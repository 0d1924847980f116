/**
 * Who the users are, for login, the auth guard and the user list: id → user and username → id, folded from the
 * user streams with the user decider's own `evolve`; persisted with its checkpoint in app.sqlite, so a start reads
 * only the user events after it (persisted-read-model.ts).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import { evolveUser, initialUserState, PASSWORD_SETTING_EVENTS } from '@shenbao/domain';
import type { ActiveUserState, Role, UserEvent } from '@shenbao/domain';
import type { AppDatabase } from '@shenbao/commands';
import { PersistedReadModel, MetricsService } from '@shenbao/commands';
import { APP_DATABASE, EVENT_STORE } from '@shenbao/host';

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
  active: boolean;
  createdAt: string;
  /** Access tokens issued under an older version are refused (see the user decider). */
  sessionVersion: number;
  /** After an administrator's reset, until the user sets a password of their own. */
  mustChangePassword: boolean;
  /** The id of the latest event that set the password: the credential table's row for it holds the hash. */
  passwordEventId: string;
  /** The hash that event carried itself (events written before the credential table); copied into it on start. */
  legacyPasswordHash?: string;
}

export interface UserDirectory {
  /** Applies what the log holds beyond what the directory has seen. */
  catchUp(): Promise<void>;
  byId(id: string): UserRecord | undefined;
  byUsername(username: string): UserRecord | undefined;
  /** Users ordered by username, after `afterUsername` (exclusive). */
  list(limit: number, afterUsername?: string, filter?: (u: UserRecord) => boolean): UserRecord[];
  hasActiveAdmin(): boolean;
  /** Whether this token (JWT `jti`) was ended by signing out. */
  isSignedOut(userId: string, tokenId: string): boolean;
  all(): Iterable<UserRecord>;
}

export const USER_DIRECTORY = Symbol('USER_DIRECTORY');

const USER_EVENT_TYPES = new Set<string>([
  'UserRegistered', 'UserPasswordChanged', 'UserPasswordReset', 'UserDeactivated', 'UserReactivated', 'UserUpdated', 'UserSignedOut',
]);

interface Entry {
  /** The user's stream (events after registration name the user by it). */
  stream: string;
  state: ActiveUserState;
  record: UserRecord;
  /** Signed-out token ids → when they expire (ms); forgotten once expired. */
  signedOut: Map<string, number>;
}

/** As stored: the signed-out tokens as pairs. */
type StoredEntry = Omit<Entry, 'signedOut'> & { signedOut: [string, number][] };

@Injectable()
export class InMemoryUserDirectory extends PersistedReadModel<Entry> implements UserDirectory, OnModuleInit {
  private readonly idByUsername = new Map<string, string>();
  private readonly idByStream = new Map<string, string>();

  constructor(@Inject(EVENT_STORE) store: EventStore, @Optional() @Inject(APP_DATABASE) db?: AppDatabase, @Optional() metrics?: MetricsService) {
    super(store, db, { name: 'users', version: 1, types: [...USER_EVENT_TYPES] }, metrics);
  }

  async onModuleInit(): Promise<void> {
    await this.catchUp();
  }

  protected apply(stored: StoredEvent): void {
    if (!USER_EVENT_TYPES.has(stored.type)) return;
    const event = { type: stored.type, data: stored.data } as UserEvent;
    const id = event.type === 'UserRegistered' ? event.data.userId : this.idByStream.get(stored.stream);
    const entry = id === undefined ? undefined : this.rows.get(id);
    const state = evolveUser(entry?.state ?? initialUserState, event);
    if (state.status === 'none') return;
    const signedOut = entry?.signedOut ?? new Map<string, number>();
    if (event.type === 'UserSignedOut') remember(signedOut, event.data.tokenId, Date.parse(event.data.expiresAt), Date.parse(stored.metadata.at));
    const legacy = (event.data as { passwordHash?: unknown }).passwordHash;
    const setsPassword = PASSWORD_SETTING_EVENTS.has(event.type);
    const { status, userId, sessionVersion, mustChangePassword, ...profile } = state;
    const record: UserRecord = {
      id: userId,
      ...profile,
      active: status === 'active',
      createdAt: entry?.record.createdAt ?? stored.metadata.at,
      sessionVersion,
      mustChangePassword,
      passwordEventId: setsPassword ? stored.id : (entry?.record.passwordEventId ?? stored.id),
      ...(setsPassword ? (typeof legacy === 'string' ? { legacyPasswordHash: legacy } : {}) : pick(entry?.record.legacyPasswordHash)),
    };
    this.put(userId, { stream: stored.stream, state, record, signedOut });
    this.index(userId, state.username, stored.stream);
  }

  protected override restored(): void {
    this.idByUsername.clear();
    this.idByStream.clear();
    for (const [id, e] of this.rows) this.index(id, e.state.username, e.stream);
  }

  protected override encode(entry: Entry): StoredEntry {
    return { ...entry, signedOut: [...entry.signedOut] };
  }

  protected override decode(stored: unknown): Entry {
    const e = stored as StoredEntry;
    return { ...e, signedOut: new Map(e.signedOut) };
  }

  private index(userId: string, username: string, stream: string): void {
    this.idByUsername.set(username, userId);
    this.idByStream.set(stream, userId);
  }

  byId(id: string): UserRecord | undefined {
    return this.rows.get(id)?.record;
  }

  byUsername(username: string): UserRecord | undefined {
    const id = this.idByUsername.get(username);
    return id === undefined ? undefined : this.byId(id);
  }

  list(limit: number, afterUsername?: string, filter: (u: UserRecord) => boolean = () => true): UserRecord[] {
    return [...this.all()]
      .filter((u) => (afterUsername === undefined || u.username > afterUsername) && filter(u))
      .sort((a, b) => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0))
      .slice(0, limit);
  }

  *all(): Iterable<UserRecord> {
    for (const e of this.rows.values()) yield e.record;
  }

  hasActiveAdmin(): boolean {
    for (const u of this.all()) if (u.role === 'admin' && u.active) return true;
    return false;
  }

  isSignedOut(userId: string, tokenId: string): boolean {
    return this.rows.get(userId)?.signedOut.has(tokenId) ?? false;
  }
}

const pick = (legacyPasswordHash: string | undefined) => (legacyPasswordHash !== undefined ? { legacyPasswordHash } : {});

/** Adds a signed-out token and forgets those that expired before `now` (the event's time, so replay is the same). */
function remember(signedOut: Map<string, number>, tokenId: string, expiresAtMs: number, nowMs: number): void {
  for (const [id, exp] of signedOut) if (exp <= nowMs) signedOut.delete(id);
  if (expiresAtMs > nowMs) signedOut.set(tokenId, expiresAtMs);
}
