/** Injection tokens of the hosts' infrastructure (apps/api and apps/worker), so providers can be swapped in tests (clock, event store). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
/** Snapshots of long streams (a cache beside the log: DATA_DIR/snapshots.sqlite). */
export const SNAPSHOT_STORE = Symbol('SNAPSHOT_STORE');
export const CLOCK = Symbol('CLOCK');
export const APP_DATABASE = Symbol('APP_DATABASE');

/** The one source of "now" in a process; the decider gets it as an argument. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** Which argon2 parameters to use (see auth/password-hasher.ts); `fast` only through test overrides. */
export const HASHING_PROFILE = Symbol('HASHING_PROFILE');
export type HashingProfile = 'recommended' | 'fast';
/** Where the generated first admin password is written once (stdout; captured in tests). */
export const ADMIN_PASSWORD_SINK = Symbol('ADMIN_PASSWORD_SINK');
export type PasswordSink = (text: string) => void;
export const stdoutSink: PasswordSink = (text) => {
  process.stdout.write(text);
};
