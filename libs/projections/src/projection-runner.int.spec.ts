import Database from 'better-sqlite3';
import { MemoryEventStore, type NewEvent, type StoredEvent } from '@shenbao/event-store';
import { ProjectionFailedError, ProjectionRunner, type Db, type LogLevel, type Projection } from './projection-runner';
import { createReadModels } from './read-models';
import { noStageDue } from './case-list/case-list.due';
import { EventScript, resolveGd } from './testing/event-script.fixture';
import { fullScenario } from './testing/pilot-scenario.fixture';

/** Records every event it sees; the primary key makes a second application of an event throw. */
class SeenProjection implements Projection {
  readonly name: string;
  failAt: number | undefined;

  constructor(
    name = 'seen',
    readonly version = 1,
  ) {
    this.name = name;
  }

  setup(db: Db): void {
    db.exec(`CREATE TABLE IF NOT EXISTS ${this.table} (position INTEGER PRIMARY KEY, type TEXT NOT NULL)`);
  }

  apply(db: Db, event: StoredEvent): void {
    db.prepare(`INSERT INTO ${this.table} (position, type) VALUES (?, ?)`).run(event.position, event.type);
    if (event.position === this.failAt) throw new Error('boom');
  }

  reset(db: Db): void {
    db.exec(`DROP TABLE IF EXISTS ${this.table}`);
  }

  get table(): string {
    return `t_${this.name}`;
  }

  positions(db: Db): number[] {
    return db.prepare<[], { position: number }>(`SELECT position FROM ${this.table} ORDER BY position`).all().map((r) => r.position);
  }
}

const event = (i: number): NewEvent => ({
  id: `e-${i}`,
  type: 'TestHappened',
  data: { i },
  metadata: { actor: 'u', role: 'admin', at: '2019-03-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 },
});

async function appendN(store: MemoryEventStore, from: number, to: number): Promise<void> {
  for (let i = from; i <= to; i++) await store.append([{ stream: `s-${i % 3}`, expectedRevision: 'any', events: [event(i)] }]);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function checkpoint(db: Db, name: string): number | undefined {
  return db.prepare<[string], { position: number }>('SELECT position FROM checkpoints WHERE name = ?').get(name)?.position;
}

/** Every table but the checkpoints, row by row, in a stable order. */
function dump(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'checkpoints' ORDER BY name`)
    .all()
    // The full-text index's own tables are laid out by how the rows were batched; its rows are compared instead.
    .filter(({ name }) => !/^case_list_search_(data|idx|content|docsize|config)$/.test(name));
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(name === 'case_list_search' ? `SELECT rowid, text FROM ${name} ORDER BY 1` : `SELECT * FROM ${name} ORDER BY 1, 2`).all()]));
}

describe('ProjectionRunner', () => {
  let db: Db;
  let store: MemoryEventStore;
  let runner: ProjectionRunner | undefined;

  beforeEach(() => {
    db = new Database(':memory:');
    store = new MemoryEventStore();
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await store.close();
    db.close();
  });

  it('catches up in batches and stores each checkpoint', async () => {
    await appendN(store, 1, 12);
    const seen = new SeenProjection();
    runner = new ProjectionRunner({ db, store, projections: [seen], batchSize: 5 });
    await runner.catchUp();
    expect(seen.positions(db)).toEqual(range(1, 12));
    expect(checkpoint(db, 'seen')).toBe(12);
    expect(await runner.lag()).toBe(0);
  });

  it('applies a batch and its checkpoint atomically: a throw mid-batch leaves nothing of that batch', async () => {
    await appendN(store, 1, 10);
    const seen = new SeenProjection();
    seen.failAt = 7;
    const logs: { level: LogLevel; message: string }[] = [];
    runner = new ProjectionRunner({ db, store, projections: [seen], batchSize: 5, logger: (level, message) => logs.push({ level, message }) });

    await expect(runner.catchUp()).rejects.toThrow(ProjectionFailedError);

    expect(seen.positions(db)).toEqual(range(1, 5));
    expect(checkpoint(db, 'seen')).toBe(5);
    expect(runner.status().state).toBe('failed');
    expect(logs).toEqual([expect.objectContaining({ level: 'error', message: expect.stringContaining('position 7') })]);
    await expect(runner.catchUp()).rejects.toThrow(/position 7/);
    expect(await runner.waitFor(1, 1000)).toBe(true);
    expect(await runner.waitFor(6, 1000)).toBe(false);

    // A restart (new runner, same database) with the projection fixed continues after the checkpoint, once each.
    seen.failAt = undefined;
    runner = new ProjectionRunner({ db, store, projections: [seen], batchSize: 5 });
    await runner.catchUp();
    expect(seen.positions(db)).toEqual(range(1, 10));
    expect(checkpoint(db, 'seen')).toBe(10);
  });

  it('keeps projections independent: each has its own checkpoint', async () => {
    await appendN(store, 1, 4);
    const first = new SeenProjection('first');
    runner = new ProjectionRunner({ db, store, projections: [first] });
    await runner.catchUp();
    await appendN(store, 5, 6);
    const second = new SeenProjection('second');
    runner = new ProjectionRunner({ db, store, projections: [first, second], batchSize: 2 });
    expect(await runner.lag()).toBe(6);
    await runner.catchUp();
    expect(first.positions(db)).toEqual(range(1, 6));
    expect(second.positions(db)).toEqual(range(1, 6));
    expect(runner.checkpoints()).toEqual({ first: 6, second: 6 });
  });

  it('commits a batch once for all projections; one that throws loses only its own part, and nothing after it runs', async () => {
    await appendN(store, 1, 4);
    const [first, second, third] = [new SeenProjection('first'), new SeenProjection('second'), new SeenProjection('third')];
    runner = new ProjectionRunner({ db, store, projections: [first, second, third], batchSize: 2 });
    await runner.catchUp();
    await appendN(store, 5, 6);
    second.failAt = 6;
    await expect(runner.catchUp()).rejects.toThrow(/second.*position 6|position 6.*second/);
    expect(first.positions(db)).toEqual(range(1, 6));
    expect(second.positions(db)).toEqual(range(1, 4));
    expect(third.positions(db)).toEqual(range(1, 4));
    expect([checkpoint(db, 'first'), checkpoint(db, 'second'), checkpoint(db, 'third')]).toEqual([6, 4, 4]);
    expect(runner.checkpoints()).toEqual({ first: 6, second: 4, third: 4 });
    expect(runner.status().state).toBe('failed');
  });

  it('rebuilds a projection whose version changed', async () => {
    await appendN(store, 1, 3);
    runner = new ProjectionRunner({ db, store, projections: [new SeenProjection('seen', 1)] });
    await runner.catchUp();
    db.prepare(`DELETE FROM t_seen WHERE position = 2`).run();
    const v2 = new SeenProjection('seen', 2);
    runner = new ProjectionRunner({ db, store, projections: [v2] });
    expect(runner.checkpoints()).toEqual({ seen: 0 });
    await runner.catchUp();
    expect(v2.positions(db)).toEqual([1, 2, 3]);
    expect(db.prepare('SELECT version FROM checkpoints WHERE name = ?').get('seen')).toEqual({ version: 2 });
  });

  it('follows live appends after start, and waitFor resolves once caught up', async () => {
    await appendN(store, 1, 2);
    const seen = new SeenProjection();
    runner = new ProjectionRunner({ db, store, projections: [seen] });
    await runner.start();
    expect(seen.positions(db)).toEqual([1, 2]);
    const waiting = runner.waitFor(5, 2000);
    await appendN(store, 3, 5);
    expect(await waiting).toBe(true);
    expect(seen.positions(db)).toEqual(range(1, 5));
    expect(await runner.lag()).toBe(0);
  });

  it('waitFor times out with false when the position is not reached', async () => {
    runner = new ProjectionRunner({ db, store, projections: [new SeenProjection()] });
    await runner.start();
    const started = Date.now();
    expect(await runner.waitFor(1, 50)).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(await runner.waitFor(0, 50)).toBe(true);
  });

  it('stops following loudly when a projection fails on a live event', async () => {
    const seen = new SeenProjection();
    seen.failAt = 3;
    const errors: string[] = [];
    runner = new ProjectionRunner({ db, store, projections: [seen], logger: (level, m) => level === 'error' && errors.push(m) });
    await runner.start();
    await appendN(store, 1, 2);
    expect(await runner.waitFor(2, 2000)).toBe(true);
    const waiting = runner.waitFor(3, 2000);
    await appendN(store, 3, 4);
    expect(await waiting).toBe(false);
    expect(runner.status().state).toBe('failed');
    expect(errors).toEqual([expect.stringContaining('position 3')]);
    expect(seen.positions(db)).toEqual([1, 2]);
    expect(checkpoint(db, 'seen')).toBe(2);
  });

  it('retry policy: a projection failing for a passing reason is tried again and applied once', async () => {
    await appendN(store, 1, 4);
    const seen = new SeenProjection();
    seen.failAt = 3;
    const attempts: number[] = [];
    const policy = { kind: 'retry' as const, attempts: 3, backoffMs: 1, report: (_e: unknown, attempt: number) => {
      attempts.push(attempt);
      seen.failAt = undefined;
    } };
    runner = new ProjectionRunner({ db, store, projections: [seen], batchSize: 2, errorPolicy: policy });
    await runner.catchUp();
    expect(attempts).toEqual([1]);
    expect(seen.positions(db)).toEqual(range(1, 4));
    expect(runner.status().state).toBe('idle');
  });

  it('refuses the skip policy: a read model never silently misses an event', () => {
    const errorPolicy = { kind: 'skip', record: () => undefined } as never;
    expect(() => new ProjectionRunner({ db, store, projections: [new SeenProjection()], errorPolicy })).toThrow(/errorPolicy: .*never skips/);
  });

  it('reports stopped, not following, when the log it follows is closed', async () => {
    const warnings: string[] = [];
    runner = new ProjectionRunner({ db, store, projections: [new SeenProjection()], logger: (level, m) => level === 'warn' && warnings.push(m) });
    await runner.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runner.status().state).toBe('stopped');
    expect(warnings).toEqual(['projection subscription ended; runner stopped']);
  });

  it('reports the kernel metric: the slowest projection, the head and the lag', async () => {
    await appendN(store, 1, 3);
    runner = new ProjectionRunner({ db, store, projections: [new SeenProjection()] });
    expect(await runner.metrics()).toEqual({ follower: 'projections', position: 0, head: 3, lag: 3 });
    await runner.catchUp();
    expect(await runner.metrics()).toEqual({ follower: 'projections', position: 3, head: 3, lag: 0 });
  });

  it('gives the same read-model tables when rebuilt from zero as when built incrementally', async () => {
    const script = new EventScript();
    runner = new ProjectionRunner({ db, store: script.store, projections: createReadModels(db, resolveGd, noStageDue), batchSize: 7 });
    await runner.start();
    await fullScenario(script);
    expect(await runner.waitFor(await script.store.headPosition(), 2000)).toBe(true);
    const incremental = dump(db);
    expect(incremental['case_list']).toHaveLength(3);
    expect(incremental['dashboard_cases']).toHaveLength(3);
    expect(incremental['monitoring_cases']).toHaveLength(3);
    expect(incremental['monitoring_cases']!.filter((r) => (r as { ratings: string }).ratings !== '[]')).toHaveLength(1);
    expect(incremental['inbox_items']!.length).toBeGreaterThan(20);

    await runner.rebuild();
    expect(dump(db)).toEqual(incremental);

    // And a fresh database built in one catch-up with another batch size.
    const other = new Database(':memory:');
    const fresh = new ProjectionRunner({ db: other, store: script.store, projections: createReadModels(other, resolveGd, noStageDue), batchSize: 500 });
    await fresh.catchUp();
    expect(dump(other)).toEqual(incremental);
    other.close();
    await script.store.close();
  });
});
