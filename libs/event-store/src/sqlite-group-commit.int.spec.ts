import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteGroupCommit } from './sqlite-group-commit';

describe('SqliteGroupCommit', () => {
  let dir: string;
  let db: Database.Database;
  let commits: SqliteGroupCommit;
  const insert = (v: string) => () => db.prepare('INSERT INTO t (v) VALUES (?)').run(v).lastInsertRowid;
  const values = (): string[] => db.prepare<[], { v: string }>('SELECT v FROM t ORDER BY rowid').all().map((r) => r.v);
  /** Frames in the WAL: every COMMIT writes at least one. */
  const walFrames = (): number => {
    const other = new Database(join(dir, 'app.sqlite'));
    try {
      return (other.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log;
    } finally {
      other.close();
    }
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-group-commit-'));
    db = new Database(join(dir, 'app.sqlite'));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE t (v TEXT NOT NULL UNIQUE)');
    commits = new SqliteGroupCommit(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs work queued in one turn in one transaction, in order, resolving each with its result', async () => {
    const before = walFrames();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => commits.run(insert(`v${i}`))));
    expect(results.map(Number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(values()).toHaveLength(20);
    expect(walFrames() - before).toBeLessThan(20);
  });

  it('undoes and rejects only the piece that throws', async () => {
    const pieces = [
      commits.run(insert('a')),
      commits.run(() => {
        insert('b')();
        insert('a')(); // UNIQUE violation: 'b' goes too
      }),
      commits.run(insert('c')),
    ];
    await expect(pieces[0]).resolves.toBe(1);
    await expect(pieces[1]).rejects.toMatchObject({ message: expect.stringContaining('UNIQUE') });
    await expect(pieces[2]).resolves.toBeDefined();
    expect(values()).toEqual(['a', 'c']);
  });

  it('rejects the whole group when the database is closed before it commits', async () => {
    const pending = [commits.run(insert('x')), commits.run(insert('y'))];
    db.close();
    for (const p of pending) await expect(p).rejects.toMatchObject({ message: expect.stringContaining('closed') });
  });

  it('commits a group of only non-durable work without the flush, and flushes any group with durable work', async () => {
    const level = () => db.pragma('synchronous', { simple: true }) as number;
    await expect(commits.run(level, { durable: false })).resolves.toBe(1); // NORMAL: written, not flushed
    expect(level()).toBe(2);
    const mixed = [commits.run(level, { durable: false }), commits.run(level)];
    await expect(Promise.all(mixed)).resolves.toEqual([2, 2]);
    await expect(commits.run(level)).resolves.toBe(2);
    await expect(commits.run(insert('kept'), { durable: false })).resolves.toBe(1);
    expect(values()).toEqual(['kept']);
  });

  it('leaves a NORMAL connection as it is', async () => {
    db.pragma('synchronous = NORMAL');
    const normal = new SqliteGroupCommit(db);
    await expect(normal.run(() => db.pragma('synchronous', { simple: true }))).resolves.toBe(1);
    await expect(normal.run(() => db.pragma('synchronous', { simple: true }), { durable: false })).resolves.toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });
});
