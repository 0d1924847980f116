/**
 * User events: the stored contract of a user stream (`user-<username>`, see shared/ids.ts). Past tense, never
 * renamed. Events never hold a password or (since the credential table) its hash: they say that a password was set,
 * and the API keeps the hash in a table of its own keyed by that event's id. Each change names who made it (the
 * event metadata's actor) and, for an administrator's change, why.
 */
import type { Message } from '../shared/decider';
import type { Role } from '../shared/actor';

/** Who a user is and what they may see; what an administrator may change (except the username and id). */
export interface UserProfile {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  /** Where e-mail notices go (added field; users registered before it have none and get inbox notices only). */
  email?: string;
}

export type UserRegistered = Message<'UserRegistered', UserProfile & {
  /**
   * Only in events written before passwords moved to the credential table; the API copies it there on start.
   * Stored events are never rewritten, so such a hash stays in the log (see README, "Data directory").
   */
  passwordHash?: string;
}>;
/** The user set a new password (the hash is in the credential table). `passwordHash` only in events of older builds. */
export type UserPasswordChanged = Message<'UserPasswordChanged', { passwordHash?: string }>;
/** An administrator issued a one-time password; the user must change it at the next sign-in. */
export type UserPasswordReset = Message<'UserPasswordReset', { reason?: string }>;
export type UserDeactivated = Message<'UserDeactivated', { reason: string }>;
export type UserReactivated = Message<'UserReactivated', { reason: string }>;
/** Changed profile fields; `null` removes an optional one. */
export type UserChanges = {
  displayName?: string;
  role?: Role;
  email?: string | null;
  cityCode?: string | null;
  districtCode?: string | null;
  expertId?: string | null;
};
export type UserUpdated = Message<'UserUpdated', { changes: UserChanges; reason?: string }>;
/** One access token ended (logout); `expiresAt` (ISO instant) says when it would have expired anyway. */
export type UserSignedOut = Message<'UserSignedOut', { tokenId: string; expiresAt: string }>;

export type UserEvent =
  | UserRegistered
  | UserPasswordChanged
  | UserPasswordReset
  | UserDeactivated
  | UserReactivated
  | UserUpdated
  | UserSignedOut;

export type RegisterUser = Message<'RegisterUser', UserProfile>;
/** Sent by the user for their own account, after the API checked the current password. */
export type ChangePassword = Message<'ChangePassword', Record<string, never>>;
export type ResetPassword = Message<'ResetPassword', { reason?: string }>;
export type DeactivateUser = Message<'DeactivateUser', { reason: string }>;
export type ReactivateUser = Message<'ReactivateUser', { reason: string }>;
export type UpdateUser = Message<'UpdateUser', { changes: UserChanges; reason?: string }>;
export type SignOut = Message<'SignOut', { tokenId: string; expiresAt: string }>;

export type UserCommand = RegisterUser | ChangePassword | ResetPassword | DeactivateUser | ReactivateUser | UpdateUser | SignOut;

/** Events after which every access token issued before is refused (the user's session version moves on). */
export const SESSION_ENDING_EVENTS: ReadonlySet<UserEvent['type']> = new Set(['UserPasswordChanged', 'UserPasswordReset', 'UserDeactivated']);
/** Events that set a password: the credential table holds the hash under the id of the latest of them. */
export const PASSWORD_SETTING_EVENTS: ReadonlySet<UserEvent['type']> = new Set(['UserRegistered', 'UserPasswordChanged', 'UserPasswordReset']);
