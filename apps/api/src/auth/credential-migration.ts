/**
 * On start: users whose current password was set by an event that carries its hash (written before the credential
 * table existed) get that hash copied into the table. The old events keep their hash: the log is append-only and
 * hash-chained, so it cannot be rewritten (README, "Data directory").
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { USER_DIRECTORY } from '../users/user-directory';
import type { UserDirectory } from '../users/user-directory';
import { CredentialStore } from './credential.store';
import type { CredentialRow } from './credentials.ops';

@Injectable()
export class CredentialMigration implements OnApplicationBootstrap {
  private readonly logger = new Logger('Credentials');

  constructor(
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    private readonly credentials: CredentialStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.users.catchUp();
    const rows: CredentialRow[] = [];
    for (const u of this.users.all()) {
      if (u.legacyPasswordHash === undefined || (await this.credentials.hashFor(u.id, u.passwordEventId)) !== undefined) continue;
      rows.push({ userId: u.id, eventId: u.passwordEventId, passwordHash: u.legacyPasswordHash });
    }
    const copied = await this.credentials.migrateLegacy(rows);
    if (copied > 0) this.logger.log(`Copied ${copied} password hash(es) from old user events into the credential table.`);
  }
}
