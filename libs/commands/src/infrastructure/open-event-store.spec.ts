/**
 * Which event store the app opens for each EVENT_STORE, as far as it can be seen without a KurrentDB server: with
 * EVENT_STORE=kurrentdb the KurrentDB adapter is opened (it probes the server and refuses one that does not answer,
 * before anything else uses the store); KURRENTDB_URL without EVENT_STORE is refused, never silently ignored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@shenbao/event-store';
import { loadConfig } from '@shenbao/host';
import { openEventStore } from './infrastructure.module';

describe('openEventStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-open-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const KURRENTDB = {
    EVENT_STORE: 'kurrentdb',
    KURRENTDB_URL: 'kurrentdb://127.0.0.1:1?tls=false',
    REDIS_URL: 'redis://127.0.0.1:6379',
    JWT_SECRET: 'j'.repeat(32),
    INTEGRITY_KEY_DIR: '/tmp/keys',
  };

  it('opens the KurrentDB adapter with EVENT_STORE=kurrentdb, which refuses a server that does not answer', async () => {
    await expect(openEventStore(loadConfig({ ...KURRENTDB, DATA_DIR: dir }))).rejects.toThrow('KurrentDB does not answer at KURRENTDB_URL');
  });

  it('refuses KURRENTDB_URL without EVENT_STORE, naming both', async () => {
    await expect(openEventStore(loadConfig({ KURRENTDB_URL: KURRENTDB.KURRENTDB_URL, DATA_DIR: dir }))).rejects.toThrow(
      'KURRENTDB_URL is set but EVENT_STORE is not: set EVENT_STORE=kurrentdb',
    );
  });

  it('opens DATA_DIR/events.sqlite by default', async () => {
    const store = await openEventStore(loadConfig({ DATA_DIR: dir }));
    try {
      expect(store).toBeInstanceOf(SqliteEventStore);
    } finally {
      await store.close();
    }
  });
});
