/**
 * The user aggregate: registration by an administrator, password changes, deactivation.
 * Username uniqueness is not decided here: each username has its own stream and registration appends with
 * `expectedRevision: 'no_stream'`, so the store refuses a second user of the same name even under concurrency.
 */
import { DomainError, type FieldError } from '../errors';
import { isBlank, isDivisionCode, isEmail, isId } from '../rules/formats';
import { isRole, type Role } from '../shared/actor';
import { assertNever, type Decider } from '../shared/decider';
import type { DecideContext } from '../shared/actor';
import type { ChangePassword, DeactivateUser, RegisterUser, UserCommand, UserEvent, UserRegistered } from './user.events';

export type UserState =
  | { status: 'none' }
  | ({ status: 'active' | 'deactivated' } & UserRegistered['data']);

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;
export const USER_RULES = { exists: 'user.exists', deactivated: 'user.deactivated', selfDeactivation: 'user.selfDeactivation' } as const;

const SCOPE_FIELDS = ['cityCode', 'districtCode', 'expertId'] as const;
type ScopeField = (typeof SCOPE_FIELDS)[number];
/** Which scope fields each role needs (`required`) or may carry (`optional`); any other is refused. */
const ROLE_SCOPE: Record<Role, { required: ScopeField[]; optional: ScopeField[] }> = {
  admin: { required: [], optional: [] },
  province: { required: [], optional: [] },
  city: { required: ['cityCode'], optional: [] },
  // A district-level applicant carries its district; a city department applying for the whole city does not.
  applicant: { required: ['cityCode'], optional: ['districtCode'] },
  expert: { required: ['expertId'], optional: [] },
};

export function validateRegistration(d: RegisterUser['data']): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string): void => {
    errors.push({ field, messages: [message] });
  };
  if (typeof d.userId !== 'string' || !isId(d.userId)) add('userId', 'must be an id: 1–64 letters, digits, _ . -');
  if (typeof d.username !== 'string' || !USERNAME_PATTERN.test(d.username)) {
    add('username', 'must be 3–32 characters of a-z, 0-9, _ . and -');
  }
  if (typeof d.passwordHash !== 'string' || isBlank(d.passwordHash)) add('passwordHash', 'must not be blank');
  if (typeof d.displayName !== 'string' || isBlank(d.displayName)) add('displayName', 'must not be blank');
  else if ([...d.displayName].length > 100) add('displayName', 'must be at most 100 characters');
  if (d.email !== undefined && (typeof d.email !== 'string' || !isEmail(d.email))) add('email', 'must be an e-mail address');
  if (!isRole(d.role)) {
    add('role', 'must be one of admin, province, city, applicant, expert');
    return errors;
  }
  const scope = ROLE_SCOPE[d.role];
  for (const field of SCOPE_FIELDS) {
    const value = d[field];
    if (value === undefined) {
      if (scope.required.includes(field)) add(field, `is required for role ${d.role}`);
    } else if (!scope.required.includes(field) && !scope.optional.includes(field)) {
      add(field, `is not used for role ${d.role}`);
    } else if (field === 'expertId' ? !isId(value) : !isDivisionCode(value)) {
      add(field, field === 'expertId' ? 'must be an id: 1–64 letters, digits, _ . -' : 'must be a 6-digit GB/T 2260 code');
    }
  }
  // GB/T 2260: a district's code starts with its city's first 4 digits and does not end in 00.
  const { cityCode, districtCode } = d;
  if (cityCode && districtCode && isDivisionCode(cityCode) && isDivisionCode(districtCode)) {
    if (districtCode.slice(0, 4) !== cityCode.slice(0, 4) || districtCode.endsWith('00')) {
      add('districtCode', `district ${districtCode} does not belong to city ${cityCode}`);
    }
  }
  return errors;
}

function registerUser(cmd: RegisterUser, state: UserState, ctx: DecideContext): UserEvent[] {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only an administrator may register users.');
  const errors = validateRegistration(cmd.data);
  if (errors.length > 0) throw DomainError.validation(errors);
  if (state.status !== 'none') {
    throw DomainError.rules([{ rule: USER_RULES.exists, message: `The username ${state.username} is already taken.` }]);
  }
  const d = cmd.data;
  const data: UserRegistered['data'] = {
    userId: d.userId,
    username: d.username,
    passwordHash: d.passwordHash,
    displayName: d.displayName.trim(),
    role: d.role,
  };
  for (const field of SCOPE_FIELDS) if (d[field] !== undefined) data[field] = d[field];
  if (d.email !== undefined) data.email = d.email;
  return [{ type: 'UserRegistered', data }];
}

function changePassword(cmd: ChangePassword, state: UserState, ctx: DecideContext): UserEvent[] {
  if (state.status === 'none') throw new DomainError('NOT_FOUND', 'No such user.');
  if (ctx.actor.role !== 'admin' && ctx.actor.userId !== state.userId) {
    throw new DomainError('FORBIDDEN', 'Only the user or an administrator may change a password.');
  }
  if (typeof cmd.data.passwordHash !== 'string' || isBlank(cmd.data.passwordHash)) {
    throw DomainError.validation([{ field: 'passwordHash', messages: ['must not be blank'] }]);
  }
  if (state.status === 'deactivated') {
    throw DomainError.rules([{ rule: USER_RULES.deactivated, message: `User ${state.username} is deactivated.` }]);
  }
  return [{ type: 'UserPasswordChanged', data: { passwordHash: cmd.data.passwordHash } }];
}

function deactivateUser(cmd: DeactivateUser, state: UserState, ctx: DecideContext): UserEvent[] {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only an administrator may deactivate users.');
  if (state.status === 'none') throw new DomainError('NOT_FOUND', 'No such user.');
  if (typeof cmd.data.reason !== 'string' || isBlank(cmd.data.reason)) {
    throw DomainError.validation([{ field: 'reason', messages: ['must not be blank'] }]);
  }
  if (state.status === 'deactivated') {
    throw DomainError.rules([{ rule: USER_RULES.deactivated, message: `User ${state.username} is already deactivated.` }]);
  }
  // An administrator locking themselves out could leave the system without one.
  if (state.userId === ctx.actor.userId) {
    throw DomainError.rules([{ rule: USER_RULES.selfDeactivation, message: 'Administrators may not deactivate their own account.' }]);
  }
  return [{ type: 'UserDeactivated', data: { reason: cmd.data.reason.trim() } }];
}

export function decideUser(command: UserCommand, state: UserState, ctx: DecideContext): UserEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command, state, ctx);
    case 'ChangePassword':
      return changePassword(command, state, ctx);
    case 'DeactivateUser':
      return deactivateUser(command, state, ctx);
    default:
      return assertNever(command);
  }
}

export function evolveUser(state: UserState, event: UserEvent): UserState {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'active', ...event.data };
    case 'UserPasswordChanged':
      return state.status === 'none' ? state : { ...state, passwordHash: event.data.passwordHash };
    case 'UserDeactivated':
      return state.status === 'none' ? state : { ...state, status: 'deactivated' };
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
