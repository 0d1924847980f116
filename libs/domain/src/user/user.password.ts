/**
 * The password policy. It is the one place the plain password is seen: the HTTP handler checks it here, then
 * hashes (argon2) and sends only the hash in `RegisterUser` / `ChangePassword`, so events never hold a password.
 */
import { charLength } from '../rules/formats';

export const PASSWORD_MIN_LENGTH = 10;
// Bounds the work of hashing an attacker-sized string.
export const PASSWORD_MAX_LENGTH = 256;

const CLASSES: { name: string; test: RegExp }[] = [
  { name: 'lower-case letters', test: /\p{Ll}/u },
  { name: 'upper-case letters', test: /\p{Lu}/u },
  { name: 'digits', test: /\p{Nd}/u },
  { name: 'other characters', test: /[^\p{Ll}\p{Lu}\p{Nd}]/u },
];

/** What is wrong with a proposed password; empty when it is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  const length = charLength(password);
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters (has ${length})`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  const used = CLASSES.filter((c) => c.test.test(password));
  if (password !== '' && used.length < 2) {
    problems.push('must mix at least two kinds of characters: lower-case letters, upper-case letters, digits, other characters');
  }
  if (username !== undefined && password.trim().toLowerCase() === username.trim().toLowerCase()) {
    problems.push('must not be the username');
  }
  return problems;
}
