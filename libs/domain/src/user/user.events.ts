/**
 * User events: the stored contract of a user stream (`user-<username>`, see shared/ids.ts). Past tense, never
 * renamed. Only password hashes are stored; the plain password never reaches the domain (see user.password.ts).
 */
import type { Message } from '../shared/decider';
import type { Role } from '../shared/actor';

export type UserRegistered = Message<'UserRegistered', {
  userId: string;
  username: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  /** Where e-mail notices go (added field; users registered before it have none and get inbox notices only). */
  email?: string;
}>;
export type UserPasswordChanged = Message<'UserPasswordChanged', { passwordHash: string }>;
export type UserDeactivated = Message<'UserDeactivated', { reason: string }>;

export type UserEvent = UserRegistered | UserPasswordChanged | UserDeactivated;

export type RegisterUser = Message<'RegisterUser', UserRegistered['data']>;
/** Sent by the user for their own account, or by an administrator (e.g. a reset). */
export type ChangePassword = Message<'ChangePassword', { passwordHash: string }>;
export type DeactivateUser = Message<'DeactivateUser', { reason: string }>;

export type UserCommand = RegisterUser | ChangePassword | DeactivateUser;
