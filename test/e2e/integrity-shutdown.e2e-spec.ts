/**
 * The integrity check's background work and the end of the process: a stop (SIGTERM → app.close()) while a sweep is
 * reading the log ends the sweep before the stores close, and a sweep that fails (the store erring mid-read) is
 * logged, not left as an unhandled rejection — either used to end the process with exit code 1 and a stack trace
 * ("event store is closed", seen on a replica stopped during its first sweep of a long PostgreSQL log).
 */
import { MemoryEventStore } from '@shenbao/event-store';
import type { EventStore, StoredRow } from '@shenbao/event-store';
import { IntegrityService } from '../../apps/api/src/integrity/integrity.service';
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

/**
 * A MemoryEventStore whose next read of stored rows (what the integrity check reads) can be held until released
 * (`hold`), or made to fail once (`failNext`).
 */
class HeldStore extends MemoryEventStore {
  private gate: { opened: Promise<void>; reached: () => void } | undefined;
  failNext: Error | undefined;
  private isClosed = false;
  /** Reads made after close began: each would fail with "event store is closed". */
  readsAfterClose = 0;

  override async close(): Promise<void> {
    this.isClosed = true;
    await super.close();
  }

  hold(): { release: () => void; reached: Promise<void> } {
    let release!: () => void;
    let reached!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    const waiting = new Promise<void>((r) => (reached = r));
    this.gate = { opened, reached };
    return { release, reached: waiting };
  }

  override async readStored(afterPosition: number, limit: number): Promise<StoredRow[]> {
    const gate = this.gate;
    if (gate) {
      this.gate = undefined;
      gate.reached();
      await gate.opened;
    }
    if (this.isClosed) this.readsAfterClose += 1;
    const failure = this.failNext;
    if (failure) {
      this.failNext = undefined;
      throw failure;
    }
    return super.readStored(afterPosition, limit);
  }
}

describe('integrity background work at shutdown (e2e)', () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown): void => void unhandled.push(reason);
  beforeAll(() => process.on('unhandledRejection', record));
  afterAll(() => process.off('unhandledRejection', record));
  beforeEach(() => (unhandled.length = 0));

  async function boot(store: EventStore): Promise<{ t: TestApp; integrity: IntegrityService }> {
    const t = await bootTestApp({}, { eventStore: store });
    const integrity = t.app.get(IntegrityService);
    await integrity.whenTreeChecked();
    await integrity.sweep();
    return { t, integrity };
  }

  it('a stop during a sweep waits for the sweep to end, then closes the stores; nothing is left unhandled', async () => {
    const store = new HeldStore();
    const { t, integrity } = await boot(store);
    const gate = store.hold();
    const sweeping = integrity.sweep();
    await gate.reached;
    let closed = false;
    const closing = t.close().then(() => (closed = true));
    // The app is stopping while the sweep's read is in flight; the read then answers.
    await new Promise((r) => setTimeout(r, 100));
    gate.release();
    await expect(sweeping).resolves.toBeUndefined();
    await closing;
    expect(closed).toBe(true);
    expect(store.readsAfterClose).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });

  it('a sweep whose read fails is logged; the process goes on, and the next sweep runs', async () => {
    const store = new HeldStore();
    const { t, integrity } = await boot(store);
    try {
      store.failNext = new Error('connection terminated unexpectedly');
      await expect(integrity.sweep()).resolves.toBeUndefined();
      await new Promise((r) => setImmediate(r));
      expect(unhandled).toEqual([]);
      await expect(integrity.sweep()).resolves.toBeUndefined();
      await t.http().get('/health').expect(200);
    } finally {
      await t.close();
    }
  });
});
