import Database from 'better-sqlite3';
import { MemoryEventStore } from '@shenbao/event-store';
import { appendEvent } from '../../../../libs/commands/src/testing/log-events';
import { InMemoryUserDirectory } from './user-directory';

const append = appendEvent;

describe('InMemoryUserDirectory (a PersistedReadModel)', () => {
  let store: MemoryEventStore;
  let db: Database.Database;

  beforeEach(() => {
    store = new MemoryEventStore();
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  it('the user directory keeps its users and signed-out tokens across a restart', async () => {
    const user = { userId: 'u-1', username: 'zhang', displayName: 'Zhang', role: 'applicant', cityCode: '4401', districtCode: '440103' };
    await append(store, 'user-u-1', 'UserRegistered', { ...user, passwordHash: 'legacy' });
    await append(store, 'user-u-1', 'UserSignedOut', { tokenId: 't-1', expiresAt: '2026-03-02T09:00:00.000Z' });
    await new InMemoryUserDirectory(store, db).catchUp();
    await append(store, 'user-u-1', 'UserDeactivated', { reason: 'left' });
    const restarted = new InMemoryUserDirectory(store, db);
    await restarted.catchUp();
    expect(restarted.byUsername('zhang')).toMatchObject({ id: 'u-1', active: false, legacyPasswordHash: 'legacy' });
    expect(restarted.isSignedOut('u-1', 't-1')).toBe(true);
  });
});
