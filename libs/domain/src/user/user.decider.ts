/**
 * The user aggregate: registration, profile changes, deactivation and reactivation by an administrator; password
 * changes by the user; one-time passwords issued by an administrator; signing out one token.
 * Username uniqueness is not decided here: each username has its own stream and registration appends with
 * `expectedRevision: 'no_stream'`, so the store refuses a second user of the same name even under concurrency.
 * The state's `sessionVersion` counts the events that end every session (SESSION_ENDING_EVENTS): access tokens carry
 * the version they were issued under, and one issued under an older version is refused.
 */
import { DomainError } from '../errors';
import { isBlank, isInstant } from '../rules/formats';
import type { DecideContext } from '../shared/actor';
import { assertNever, type Decider } from '../shared/decider';
import type {
  DeactivateUser,
  ReactivateUser,
  RegisterUser,
  ResetPassword,
  SignOut,
  UpdateUser,
  UserCommand,
  UserEvent,
  UserProfile,
  UserRegistered,
} from './user.events';
import { SESSION_ENDING_EVENTS } from './user.events';
import { applyChanges, effectiveChanges, SCOPE_FIELDS, validateProfile, validateRegistration } from './user.profile';

export { USERNAME_PATTERN, validateRegistration } from './user.profile';

export type ActiveUserState = { status: 'active' | 'deactivated' } & UserProfile & {
  /** Moves on with every session-ending event. */
  sessionVersion: number;
  /** After a reset: every route but changing the password is refused until the user sets one. */
  mustChangePassword: boolean;
};
export type UserState = { status: 'none' } | ActiveUserState;

export const USER_RULES = {
  exists: 'user.exists',
  deactivated: 'user.deactivated',
  active: 'user.active',
  selfDeactivation: 'user.selfDeactivation',
  selfRoleChange: 'user.selfRoleChange',
} as const;

const REASON_MAX = 500;

function requireAdmin(ctx: DecideContext, what: string): void {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', `Only an administrator may ${what}.`);
}

function existing(state: UserState): ActiveUserState {
  if (state.status === 'none') throw new DomainError('NOT_FOUND', 'No such user.');
  return state;
}

function reasonOf(reason: unknown, required: boolean): string | undefined {
  if (reason === undefined && !required) return undefined;
  if (typeof reason !== 'string' || isBlank(reason)) throw DomainError.validation([{ field: 'reason', messages: ['must not be blank'] }]);
  if ([...reason.trim()].length > REASON_MAX) throw DomainError.validation([{ field: 'reason', messages: [`must be at most ${REASON_MAX} characters`] }]);
  return reason.trim();
}

function registerUser(cmd: RegisterUser, state: UserState, ctx: DecideContext): UserEvent[] {
  requireAdmin(ctx, 'register users');
  const errors = validateRegistration(cmd.data);
  if (errors.length > 0) throw DomainError.validation(errors);
  if (state.status !== 'none') {
    throw DomainError.rules([{ rule: USER_RULES.exists, message: `The username ${state.username} is already taken.` }]);
  }
  const d = cmd.data;
  const data: UserRegistered['data'] = { userId: d.userId, username: d.username, displayName: d.displayName.trim(), role: d.role };
  for (const field of SCOPE_FIELDS) if (d[field] !== undefined) data[field] = d[field];
  if (d.email !== undefined) data.email = d.email;
  return [{ type: 'UserRegistered', data }];
}

function updateUser(cmd: UpdateUser, state: UserState, ctx: DecideContext): UserEvent[] {
  requireAdmin(ctx, 'change users');
  const user = existing(state);
  const reason = reasonOf(cmd.data.reason, false);
  const changes = cmd.data.changes ?? {};
  if (Object.keys(changes).length === 0) {
    throw DomainError.validation([{ field: 'body', messages: ['must name at least one field to change'] }]);
  }
  const { next, errors } = applyChanges(user, changes);
  if (errors.length > 0) throw DomainError.validation(errors);
  const problems = validateProfile(next);
  if (problems.length > 0) throw DomainError.validation(problems);
  const effective = effectiveChanges(user, next);
  if (Object.keys(effective).length === 0) return [];
  // An administrator demoting themselves could leave the system without one.
  if (effective.role !== undefined && user.userId === ctx.actor.userId) {
    throw DomainError.rules([{ rule: USER_RULES.selfRoleChange, message: 'Administrators may not change their own role.' }]);
  }
  return [{ type: 'UserUpdated', data: { changes: effective, ...(reason !== undefined ? { reason } : {}) } }];
}

function changePassword(state: UserState, ctx: DecideContext): UserEvent[] {
  const user = existing(state);
  if (ctx.actor.userId !== user.userId) throw new DomainError('FORBIDDEN', 'Only the user may change their password; an administrator resets it.');
  if (user.status === 'deactivated') {
    throw DomainError.rules([{ rule: USER_RULES.deactivated, message: `User ${user.username} is deactivated.` }]);
  }
  return [{ type: 'UserPasswordChanged', data: {} }];
}

function resetPassword(cmd: ResetPassword, state: UserState, ctx: DecideContext): UserEvent[] {
  requireAdmin(ctx, 'reset passwords');
  existing(state);
  const reason = reasonOf(cmd.data.reason, false);
  return [{ type: 'UserPasswordReset', data: reason !== undefined ? { reason } : {} }];
}

function deactivateUser(cmd: DeactivateUser, state: UserState, ctx: DecideContext): UserEvent[] {
  requireAdmin(ctx, 'deactivate users');
  const user = existing(state);
  const reason = reasonOf(cmd.data.reason, true)!;
  if (user.status === 'deactivated') {
    throw DomainError.rules([{ rule: USER_RULES.deactivated, message: `User ${user.username} is already deactivated.` }]);
  }
  // An administrator locking themselves out could leave the system without one.
  if (user.userId === ctx.actor.userId) {
    throw DomainError.rules([{ rule: USER_RULES.selfDeactivation, message: 'Administrators may not deactivate their own account.' }]);
  }
  return [{ type: 'UserDeactivated', data: { reason } }];
}

function reactivateUser(cmd: ReactivateUser, state: UserState, ctx: DecideContext): UserEvent[] {
  requireAdmin(ctx, 'reactivate users');
  const user = existing(state);
  const reason = reasonOf(cmd.data.reason, true)!;
  if (user.status === 'active') throw DomainError.rules([{ rule: USER_RULES.active, message: `User ${user.username} is active.` }]);
  return [{ type: 'UserReactivated', data: { reason } }];
}

function signOut(cmd: SignOut, state: UserState, ctx: DecideContext): UserEvent[] {
  const user = existing(state);
  if (ctx.actor.userId !== user.userId) throw new DomainError('FORBIDDEN', 'Only the user may sign out their own session.');
  const { tokenId, expiresAt } = cmd.data;
  if (typeof tokenId !== 'string' || isBlank(tokenId)) throw DomainError.validation([{ field: 'tokenId', messages: ['must not be blank'] }]);
  if (typeof expiresAt !== 'string' || !isInstant(expiresAt)) throw DomainError.validation([{ field: 'expiresAt', messages: ['must be an instant'] }]);
  return [{ type: 'UserSignedOut', data: { tokenId, expiresAt } }];
}

export function decideUser(command: UserCommand, state: UserState, ctx: DecideContext): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command, state, ctx);
    case 'UpdateUser':
      return updateUser(command, state, ctx);
    case 'ChangePassword':
      return changePassword(state, ctx);
    case 'ResetPassword':
      return resetPassword(command, state, ctx);
    case 'DeactivateUser':
      return deactivateUser(command, state, ctx);
    case 'ReactivateUser':
      return reactivateUser(command, state, ctx);
    case 'SignOut':
      return signOut(command, state, ctx);
    default:
      return assertNever(command);
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  if (event.type === 'UserRegistered') {
    const { passwordHash: _legacy, ...profile } = event.data;
    return { status: 'active', ...profile, sessionVersion: 0, mustChangePassword: false };
  }
  if (state.status === 'none') return state;
  const next: ActiveUserState = SESSION_ENDING_EVENTS.has(event.type) ? { ...state, sessionVersion: state.sessionVersion + 1 } : { ...state };
  switch (event.type) {
    case 'UserPasswordChanged':
      return { ...next, mustChangePassword: false };
    case 'UserPasswordReset':
      return { ...next, mustChangePassword: true };
    case 'UserDeactivated':
      return { ...next, status: 'deactivated' };
    case 'UserReactivated':
      return { ...next, status: 'active' };
    case 'UserUpdated':
      return applyChanges(next, event.data.changes).next;
    case 'UserSignedOut':
      return next;
    default: {
      // Compile-time exhaustiveness; at run time an unknown type (a newer writer) leaves the state as is.
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

export const initialUserState: UserState = { status: 'none' };

export const userDecider: Decider<UserCommand, UserEvent, UserState> = {
  initialState: initialUserState,
  evolve: evolveUser,
  decide: decideUser,
};
