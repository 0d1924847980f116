/**
 * DATA_DIR holds the event log (personal data, objectors' identities), the password hashes and the JWT secret, so it
 * is the owner's only: the directory 0700 and every file in it 0600. The process umask is set to 077 before anything
 * is created, so the SQLite files this process makes (and their -wal/-shm, which SQLite gives the mode of their
 * database file), blobs and secrets come out that way without a chmod at each place that opens one. What an older
 * build left readable to others is tightened here (the directory and its top-level entries: a 0700 subdirectory
 * keeps its contents private), and each change is reported so the operator knows.
 */
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The event log's file in DATA_DIR (the SQLite event store of the embedded profile). */
export const EVENTS_FILE = 'events.sqlite';
export const DATA_DIR_MODE = 0o700;
export const DATA_FILE_MODE = 0o600;
const OTHERS = 0o077;

const octal = (mode: number): string => `0${(mode & 0o777).toString(8)}`;

/** Creates or tightens `dir`; returns what it had to change (or could not), one sentence each, for the log. */
export function prepareDataDir(dir: string): string[] {
  process.umask(OTHERS);
  mkdirSync(dir, { recursive: true, mode: DATA_DIR_MODE });
  const notices: string[] = [];
  tighten(dir, DATA_DIR_MODE, notices);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) tighten(join(dir, entry.name), DATA_DIR_MODE, notices);
    else if (entry.isFile()) tighten(join(dir, entry.name), DATA_FILE_MODE, notices);
  }
  return notices;
}

function tighten(path: string, mode: number, notices: string[]): void {
  const current = statSync(path).mode & 0o777;
  if ((current & OTHERS) === 0) return;
  try {
    chmodSync(path, mode);
    notices.push(`${path} was readable by other users (mode ${octal(current)}); changed to ${octal(mode)}.`);
  } catch (e) {
    notices.push(`${path} is readable by other users (mode ${octal(current)}) and could not be changed (${(e as Error).message}); run chmod ${octal(mode)} on it.`);
  }
}
