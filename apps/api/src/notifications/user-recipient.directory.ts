/** The notifier's RecipientDirectory in the API: scope keys resolved against the user directory. */
import type { Recipient, RecipientDirectory } from '@shenbao/notifications';
import { recipientsAmong } from '@shenbao/notifications';
import type { UserDirectory } from '../users/user-directory';

// The directory lists users by username in pages; every user fits in one (the user base is officials, not the public).
const ALL = Number.MAX_SAFE_INTEGER;

export class UserRecipientDirectory implements RecipientDirectory {
  constructor(private readonly users: UserDirectory) {}

  async recipients(scopeKey: string): Promise<Recipient[]> {
    // A user registered just before the event at hand is in the log already; make sure the directory is too.
    await this.users.catchUp();
    return recipientsAmong(this.users.list(ALL), scopeKey);
  }
}
