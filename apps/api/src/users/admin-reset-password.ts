/**
 * `npm run admin:reset-password`: a one-time password for an account (default `admin`), set offline on DATA_DIR
 * with the server stopped, for when no administrator can sign in. It appends `UserPasswordReset` (actor `system`,
 * the reason naming this command and the OS user) with the hash in the credential table, exactly as
 * `POST /users/:id/password-reset` does, so the password must be changed at the next sign-in and every session of
 * the account ends. It refuses while an API process uses DATA_DIR (instance-lock.ts): a running API would not see
 * the change until it restarts. `--reactivate` also reactivates a deactivated account.
 *
 * With EVENT_STORE=postgres (`resetPasswordOnPostgres`) it works on the shared database instead, and the replicas may
 * keep running: the credentials are PostgreSQL's, which every replica reads, the event is appended with the user
 * stream's expected revision like any command, and each replica's user directory follows it from the log.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore, openKurrentDbEventStore, openKurrentDbRecordStreams } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import { credentialsOnPostgres } from '../auth/credentials.postgres';
import { credentialsOnRecords } from '../auth/credentials.records';
import { openApiTables } from '../infrastructure/api-postgres';
import { CredentialStore } from '../auth/credential.store';
import { CREDENTIALS_OPS_MODULE } from '../auth/credentials.ops';
import { PasswordHasher } from '../auth/password-hasher';
import { ConfigError, systemClock, EVENTS_FILE } from '@shenbao/host';
import type { SqliteSynchronous } from '@shenbao/host';
import { CommandRunner, StreamTurns, lockExclusively, MetricsService } from '@shenbao/commands';
import { ADMIN_USERNAME, generatePassword } from './admin-bootstrap';
import { UserCommands } from './user-commands';
import { InMemoryUserDirectory } from './user-directory';

export interface ResetOptions {
  dataDir: string;
  sqliteSynchronous: SqliteSynchronous;
  username?: string;
  reactivate?: boolean;
}

export interface ResetOutcome {
  username: string;
  temporaryPassword: string;
  reactivated: boolean;
  /** Still deactivated (reset without --reactivate). */
  deactivated: boolean;
}

const SYSTEM = { userId: 'system', role: 'system' };

export async function resetPasswordOffline(options: ResetOptions): Promise<ResetOutcome> {
  const username = options.username ?? ADMIN_USERNAME;
  const lock = lockExclusively(options.dataDir);
  if (!lock) {
    throw new ConfigError([
      `An API process is using ${options.dataDir} (it holds ${join(options.dataDir, 'instance.lock')}). Stop it first: a running server would not see the new password until it restarts.`,
    ]);
  }
  const store = await SqliteEventStore.open({ path: join(options.dataDir, EVENTS_FILE), synchronous: options.sqliteSynchronous, writeOps: [CREDENTIALS_OPS_MODULE] });
  try {
    // The only writer here (the API is stopped: see the lock above).
    return await reset(store, new CredentialStore(store.readConnection(), systemClock, store.sharedWrites()), username, options.reactivate, options.dataDir);
  } finally {
    await store.close();
    lock.close();
  }
}

export interface PostgresResetOptions {
  databaseUrl: string;
  schema: string;
  username?: string;
  reactivate?: boolean;
}

/** The same reset on the PostgreSQL profile's shared database (the replicas may run meanwhile). */
export async function resetPasswordOnPostgres(options: PostgresResetOptions): Promise<ResetOutcome> {
  const store = await PostgresEventStore.open({ connectionString: options.databaseUrl, schema: options.schema, poolSize: 2, follow: 'poll' });
  try {
    const tables = await openApiTables(options.databaseUrl, options.schema);
    try {
      return await reset(store, new CredentialStore(credentialsOnPostgres(tables), systemClock), options.username ?? ADMIN_USERNAME, options.reactivate, `schema ${options.schema}`);
    } finally {
      await tables.close();
    }
  } finally {
    await store.close();
  }
}

/** With EVENT_STORE=kurrentdb: the log and the password records in KurrentDB; the replicas may keep running. */
export async function resetPasswordOnKurrentDb(options: { connectionString: string; username?: string; reactivate?: boolean }): Promise<ResetOutcome> {
  const store = await openKurrentDbEventStore({ connectionString: options.connectionString });
  try {
    const records = openKurrentDbRecordStreams({ connectionString: options.connectionString });
    try {
      return await reset(store, new CredentialStore(credentialsOnRecords(records), systemClock), options.username ?? ADMIN_USERNAME, options.reactivate, 'KurrentDB (KURRENTDB_URL)');
    } finally {
      await records.close();
    }
  } finally {
    await store.close();
  }
}

async function reset(store: EventStore, credentials: CredentialStore, username: string, reactivate: boolean | undefined, where: string): Promise<ResetOutcome> {
  const directory = new InMemoryUserDirectory(store);
  await directory.catchUp();
  const user = directory.byUsername(username);
  if (!user) throw new ConfigError([`There is no account "${username}" in ${where}.`]);
  // Appends with the user stream's expected revision: a replica's command on the same account meanwhile conflicts
  // instead of being overwritten.
  const runner = new CommandRunner(store, systemClock, new MetricsService(), new StreamTurns());
  const commands = new UserCommands(runner, new PasswordHasher(), credentials, directory);
  const reason = `npm run admin:reset-password, run by OS user ${userInfo().username}`;
  const ctx = { actor: SYSTEM, correlationId: randomUUID() };
  const actor = { userId: 'system', role: 'admin' as const };
  const reactivated = reactivate === true && !user.active;
  if (reactivated) await commands.run(username, { type: 'ReactivateUser', data: { reason } }, actor, ctx);
  const temporaryPassword = generatePassword();
  await commands.runWithPassword(user.id, username, temporaryPassword, { type: 'ResetPassword', data: { reason } }, actor, ctx);
  return { username, temporaryPassword, reactivated, deactivated: !user.active && !reactivated };
}
