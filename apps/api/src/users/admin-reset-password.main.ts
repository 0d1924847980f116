/**
 * Entry of `npm run admin:reset-password [-- --data-dir <dir>] [--username <name>] [--reactivate]` (see
 * admin-reset-password.ts). DATA_DIR and SQLITE_SYNCHRONOUS come from the environment as for the API; `--data-dir`
 * overrides DATA_DIR. With EVENT_STORE=postgres it works on DATABASE_URL / DATABASE_SCHEMA instead, with
 * EVENT_STORE=kurrentdb on KURRENTDB_URL. Prints the one-time password in a box on stdout; exit code 1 with a message otherwise.
 */
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, prepareDataDir } from '@shenbao/host';
import { passwordBox } from './admin-bootstrap';
import { resetPasswordOffline, resetPasswordOnKurrentDb, resetPasswordOnPostgres } from './admin-reset-password';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'data-dir': { type: 'string' }, username: { type: 'string' }, reactivate: { type: 'boolean' } },
    allowPositionals: false,
  });
  const env = { ...process.env, ...(values['data-dir'] !== undefined ? { DATA_DIR: values['data-dir'] } : {}) };
  const config = parseConfig(env);
  const outcome = await (async () => {
    if (config.eventStore === 'postgres') {
      // The shared database (DATABASE_URL, DATABASE_SCHEMA); the replicas may keep running.
      return resetPasswordOnPostgres({ databaseUrl: config.databaseUrl!, schema: config.databaseSchema, username: values.username, reactivate: values.reactivate });
    }
    if (config.eventStore === 'kurrentdb') {
      // The shared store (KURRENTDB_URL); the replicas may keep running.
      return resetPasswordOnKurrentDb({ connectionString: config.kurrentdbUrl!, username: values.username, reactivate: values.reactivate });
    }
    if (config.kurrentdbUrl !== undefined) {
      throw new ConfigError(['KURRENTDB_URL is set but EVENT_STORE is not: set EVENT_STORE=kurrentdb (with the replicas\' environment) to reset a password in KurrentDB, or unset KURRENTDB_URL for DATA_DIR.']);
    }
    for (const notice of prepareDataDir(config.dataDir)) process.stderr.write(`[warn] ${notice}\n`);
    return resetPasswordOffline({ dataDir: config.dataDir, sqliteSynchronous: config.sqliteSynchronous, username: values.username, reactivate: values.reactivate });
  })();
  const notes = [
    'A one-time password, shown only this once and not stored in plain text.',
    'It must be changed at the next sign-in (POST /api/v1/users/me/password).',
    ...(outcome.reactivated ? ['The account was deactivated and is active again.'] : []),
    ...(outcome.deactivated ? ['The account is deactivated: run again with --reactivate to sign in.'] : []),
  ];
  process.stdout.write(passwordBox(outcome.username, outcome.temporaryPassword, { title: `Shenbao: password of "${outcome.username}" reset`, notes }));
}

main().catch((e: unknown) => {
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`admin:reset-password failed: ${message}\n`);
  process.exit(1);
});
