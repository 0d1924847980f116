/** Stream naming (`case-<id>`, `program-<id>`, …) in one place. */
const CASE_PREFIX = 'case-';
const PROGRAM_PREFIX = 'program-';

export const caseIdOf = (stream: string): string | undefined =>
  stream.startsWith(CASE_PREFIX) ? stream.slice(CASE_PREFIX.length) : undefined;

export const programIdOf = (stream: string): string | undefined =>
  stream.startsWith(PROGRAM_PREFIX) ? stream.slice(PROGRAM_PREFIX.length) : undefined;
