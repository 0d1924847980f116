/**
 * What makes a user's profile valid: the username, display name, e-mail, and whether the role and its scope
 * (city, district, expert) agree. Registration and `UpdateUser` check the same rules (the latter on the profile as
 * it would be after the change), so an account can never be edited into a shape registration would refuse.
 */
import type { FieldError } from '../errors';
import { isBlank, isDivisionCode, isEmail, isId } from '../rules/formats';
import { isRole, type Role } from '../shared/actor';
import type { UserChanges, UserProfile } from './user.events';

export const USERNAME_PATTERN = /^[a-z0-9_.-]{3,32}$/;

export const SCOPE_FIELDS = ['cityCode', 'districtCode', 'expertId'] as const;
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

type Add = (field: string, message: string) => void;

function collector(): { errors: FieldError[]; add: Add } {
  const errors: FieldError[] = [];
  return { errors, add: (field, message) => errors.push({ field, messages: [message] }) };
}

export function validateRegistration(d: UserProfile): FieldError[] {
  const { errors, add } = collector();
  if (typeof d.userId !== 'string' || !isId(d.userId)) add('userId', 'must be an id: 1–64 letters, digits, _ . -');
  if (typeof d.username !== 'string' || !USERNAME_PATTERN.test(d.username)) {
    add('username', 'must be 3–32 characters of a-z, 0-9, _ . and -');
  }
  return [...errors, ...validateProfile(d)];
}

/** Display name, e-mail, role and scope of a whole profile. */
export function validateProfile(d: Omit<UserProfile, 'userId' | 'username'>): FieldError[] {
  const { errors, add } = collector();
  if (typeof d.displayName !== 'string' || isBlank(d.displayName)) add('displayName', 'must not be blank');
  else if ([...d.displayName].length > 100) add('displayName', 'must be at most 100 characters');
  if (d.email !== undefined && (typeof d.email !== 'string' || !isEmail(d.email))) add('email', 'must be an e-mail address');
  if (!isRole(d.role)) {
    add('role', 'must be one of admin, province, city, applicant, expert');
    return errors;
  }
  checkScope(d, d.role, add);
  return errors;
}

function checkScope(d: Pick<UserProfile, ScopeField>, role: Role, add: Add): void {
  const scope = ROLE_SCOPE[role];
  for (const field of SCOPE_FIELDS) {
    const value = d[field];
    if (value === undefined) {
      if (scope.required.includes(field)) add(field, `is required for role ${role}`);
    } else if (!scope.required.includes(field) && !scope.optional.includes(field)) {
      add(field, `is not used for role ${role}`);
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
}

const CHANGE_FIELDS = ['displayName', 'role', 'email', 'cityCode', 'districtCode', 'expertId'] as const;
/** Fields that may be removed with `null` (the others are required of every user). */
const REMOVABLE = new Set<string>(['email', 'cityCode', 'districtCode', 'expertId']);

/** The profile after `changes` (`null` removes a field), and the problems of the change itself (types, nulls). */
export function applyChanges<P extends Omit<UserProfile, 'userId' | 'username'>>(profile: P, changes: UserChanges): { next: P; errors: FieldError[] } {
  const { errors, add } = collector();
  const next = { ...profile } as Record<string, unknown>;
  for (const field of Object.keys(changes)) {
    if (!(CHANGE_FIELDS as readonly string[]).includes(field)) {
      add(field, 'cannot be changed');
      continue;
    }
    const value = (changes as Record<string, unknown>)[field];
    if (value === undefined) continue;
    if (value === null) {
      if (REMOVABLE.has(field)) delete next[field];
      else add(field, 'cannot be removed');
    } else if (typeof value !== 'string') add(field, 'must be a string');
    else next[field] = field === 'displayName' ? value.trim() : value;
  }
  return { next: next as P, errors };
}

/** The fields of `changes` that differ from `profile`, normalised as stored (trimmed display name). */
export function effectiveChanges(profile: Omit<UserProfile, 'userId' | 'username'>, next: Omit<UserProfile, 'userId' | 'username'>): UserChanges {
  const out: Record<string, unknown> = {};
  for (const field of CHANGE_FIELDS) {
    const before = (profile as Record<string, unknown>)[field];
    const after = (next as Record<string, unknown>)[field];
    if (before !== after) out[field] = after === undefined ? null : after;
  }
  return out as UserChanges;
}
