import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@shenbao/event-store';
import type { RunnerLogger } from '@shenbao/projections';
import { READ_MODELS_FILE } from './read-models.db';
import { ThreadedReadModelFeed } from './read-models.thread';

describe('ThreadedReadModelFeed', () => {
  let dir: string;
  const lines: [string, string][] = [];
  const logger: RunnerLogger = (level, message) => void lines.push([level, message]);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-rm-thread-'));
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows appends made through the main thread, reports checkpoints, and stops cleanly', async () => {
    const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    const feed = new ThreadedReadModelFeed({ dataDir: dir, log: { kind: 'sqlite' }, onAppended: (l) => store.onAppended(l), logger });
    try {
      await feed.start();
      expect(feed.status()).toEqual({ state: 'following' });
      expect(await feed.waitFor(0, 100)).toBe(true);
      const meta = { actor: 'u-1', role: 'admin', at: '2026-03-01T08:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
      const { position } = await store.append([{ stream: 'note-1', expectedRevision: 'no_stream', events: [{ id: 'e-1', type: 'SomethingElse', data: {}, metadata: meta }] }]);
      // Woken by the commit, the thread applies the event (ignored by every read model) and moves its checkpoints.
      expect(await feed.waitFor(position, 2000)).toBe(true);
      expect(Object.values(feed.checkpoints()).every((p) => p === position)).toBe(true);
      expect(await feed.waitFor(position + 1, 50)).toBe(false);
    } finally {
      await feed.stop();
      await store.close();
    }
    expect(feed.status().state).toBe('stopped');
  });

  it('rejects start and reports failed when the thread cannot open the read models', async () => {
    writeFileSync(join(dir, READ_MODELS_FILE), 'this is not a SQLite database, it is a plain text file of some length');
    const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    const feed = new ThreadedReadModelFeed({ dataDir: dir, log: { kind: 'sqlite' }, onAppended: (l) => store.onAppended(l), logger });
    try {
      await expect(feed.start()).rejects.toThrow(/could not start: file is not a database/);
      expect(feed.status()).toMatchObject({ state: 'failed', error: expect.stringMatching(/not a database/i) });
      expect(await feed.waitFor(1, 50)).toBe(false);
      expect(lines.some(([level]) => level === 'error')).toBe(true);
    } finally {
      await feed.stop();
      await store.close();
    }
  });
});
