/**
 * First start: when no active administrator exists, create `admin` with ADMIN_PASSWORD, or with a generated
 * password printed once to stdout (not through the logger, so it never lands in log storage; main.ts prints it last,
 * after the server listens, with the command that runs the README's tour). The password is never stored in plain
 * text and there are no default passwords. On a later start ADMIN_PASSWORD is not applied (one warning says so and
 * how to reset the password offline: `npm run admin:reset-password`). Safe with several processes starting at once:
 * the username stream's `no_stream` check lets only one of them create the account.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomInt, randomUUID } from 'node:crypto';
import { isDomainError } from '@shenbao/domain';
import type { AppConfig, PasswordSink } from '@shenbao/host';
import { ADMIN_PASSWORD_SINK, APP_CONFIG } from '@shenbao/host';
import { RegisterUserCommand } from './register-user/register-user.command';
import { USER_DIRECTORY } from './user-directory';
import type { UserDirectory } from './user-directory';

export const ADMIN_USERNAME = 'admin';

// No look-alikes (0/O, 1/l/I), so the printed password can be typed from a screen.
const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 20 characters from a 57-symbol alphabet (~117 bits), with at least a lower-case letter, a capital and a digit. */
export function generatePassword(length = 20): string {
  for (;;) {
    const pw = Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    if (/[a-z]/.test(pw) && /[A-Z]/.test(pw) && /\d/.test(pw)) return pw;
  }
}

/** The command that runs the README's tour (docs/tour.sh) against this server as the new administrator. */
export function tourCommand(password: string, port: number): string {
  const api = port === 3000 ? '' : `API=http://localhost:${port}/api/v1 `;
  return `ADMIN_PASSWORD='${password}' ${api}bash docs/tour.sh`;
}

/** The first start's box: the password, then how to run the tour against this server. */
export function firstStartBox(username: string, password: string, port = 3000): string {
  return passwordBox(username, password, {
    title: 'Shenbao: first start, administrator account created',
    notes: [
      'This password is shown only this once and is not stored in plain text.',
      'Sign in and keep it safe; set ADMIN_PASSWORD to choose it yourself.',
      '',
      "The README's tour, from another terminal in the repository:",
      `  ${tourCommand(password, port)}`,
    ],
  });
}

export function passwordBox(username: string, password: string, { title, notes }: { title: string; notes: string[] }): string {
  const lines = [title, '', `  username: ${username}`, `  password: ${password}`, '', ...notes];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '═'.repeat(width + 2);
  return ['', `╔${bar}╗`, ...lines.map((l) => `║ ${l.padEnd(width)} ║`), `╚${bar}╝`, ''].join('\n') + '\n';
}

/** The variables that name the shared store, for a message telling an operator how to run a tool on it. */
const sharedEnv = (config: AppConfig): string => (config.eventStore === 'kurrentdb' ? 'EVENT_STORE=kurrentdb, KURRENTDB_URL' : 'EVENT_STORE=postgres, DATABASE_URL, DATABASE_SCHEMA');

@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('AdminBootstrap');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    @Inject(ADMIN_PASSWORD_SINK) private readonly sink: PasswordSink,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.users.catchUp();
    // The offline tool: with the server stopped on DATA_DIR; on PostgreSQL or KurrentDB with the replicas' environment,
    // running or not.
    const offline = this.config.eventStore !== 'postgres' && this.config.eventStore !== 'kurrentdb';
    if (this.config.adminPassword !== undefined && this.users.byUsername(ADMIN_USERNAME)) {
      this.logger.warn(
        `ADMIN_PASSWORD is set but was not applied: the account "${ADMIN_USERNAME}" already exists (ADMIN_PASSWORD only sets the password when the first start creates it). ` +
          (offline
            ? `To reset it, stop the server and run: DATA_DIR=${this.config.dataDir} npm run admin:reset-password`
            : `To reset it, run npm run admin:reset-password with the replicas' environment (${sharedEnv(this.config)}); the replicas may keep running`),
      );
    }
    if (this.users.hasActiveAdmin()) return;
    if (this.users.byUsername(ADMIN_USERNAME)) {
      this.logger.warn(
        `No active administrator, and the username "${ADMIN_USERNAME}" is taken (deactivated); ` +
          (offline
            ? 'stop the server and run npm run admin:reset-password -- --reactivate.'
            : `run npm run admin:reset-password -- --reactivate with the replicas' environment (${sharedEnv(this.config)}).`),
      );
      return;
    }
    const generated = this.config.adminPassword === undefined;
    const password = this.config.adminPassword ?? generatePassword();
    const correlationId = randomUUID();
    try {
      await this.commands.execute(
        new RegisterUserCommand(
          { username: ADMIN_USERNAME, password, displayName: 'Administrator', role: 'admin' },
          { userId: 'system', role: 'admin' },
          { actor: { userId: 'system', role: 'system' }, correlationId },
        ),
      );
    } catch (e) {
      // Another process created it first.
      if (isDomainError(e) && e.code === 'RULE_VIOLATION') return;
      throw e;
    }
    if (generated) this.sink(firstStartBox(ADMIN_USERNAME, password, this.config.port));
    else this.logger.log(`Created the administrator "${ADMIN_USERNAME}" with the password from ADMIN_PASSWORD.`);
  }
}
