/**
 * `npm run events:copy` (events-copy.ts): an embedded installation's events.sqlite into PostgreSQL, rows kept byte for
 * byte, resumable, verified. Needs PostgreSQL: test/postgres-global-setup.cjs finds or starts one; without one these
 * tests fail (never skip). Each test copies into a fresh schema, dropped afterwards.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore, SqliteEventStore } from '@shenbao/event-store';
import type { NewEvent } from '@shenbao/event-store';
import { changeOneByte, newEvent, range } from '../../../../libs/event-store/src/contract.fixtures';
import { dropSchema, freshSchema, testDatabaseUrl, withClient } from '../../../../libs/event-store/src/postgres/postgres.fixtures';
import { createCredentialsTable } from '../auth/credentials.ops';
import { CopyRefusedError, copyEvents } from './events-copy';
import { InstanceLock } from '@shenbao/commands';

const sm3 = (e: NewEvent): NewEvent => ({ ...e, metadata: { ...e.metadata, hashAlgorithm: 'sm3' } });

/** An installation: 3 case streams and an SM3 program stream, 3 + 3·(1..n) events, some appends over two streams. */
async function installation(dir: string, rounds: number): Promise<number> {
  const store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  try {
    await store.append([{ stream: 'program-1', expectedRevision: 'no_stream', events: [sm3(newEvent({ 名称: '专项资金', 金额: 1.5e6 }))] }]);
    for (const i of range(1, rounds)) {
      for (const c of [1, 2, 3]) {
        await store.append([
          { stream: `case-${c}`, expectedRevision: 'any', events: [newEvent({ i, c, text: 'line\n"quoted" \u2028' })] },
          ...(c === 2 ? [{ stream: 'program-1', expectedRevision: 'any' as const, events: [sm3(newEvent({ slot: i }))] }] : []),
        ]);
      }
    }
    return store.headPosition();
  } finally {
    await store.close();
  }
}

describe('events:copy (SQLite installation to PostgreSQL)', () => {
  let url: string;
  let schema: string;
  let dir: string;
  const rows = async () => (await withClient(url, (c) => c.query(`SELECT position::int, id, stream, revision, type, data, metadata FROM ${schema}.events ORDER BY position`))).rows;
  const sourceRows = () => {
    const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT position, id, stream, revision, type, data, metadata FROM events ORDER BY position').all();
    } finally {
      db.close();
    }
  };

  beforeEach(() => {
    url = testDatabaseUrl();
    schema = freshSchema('copy');
    dir = mkdtempSync(join(tmpdir(), 'shenbao-copy-'));
  });
  afterEach(async () => {
    await dropSchema(url, schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every event with its position, revision, text and hash, SM3 stream included, and verifies the chains', async () => {
    const last = await installation(dir, 10); // 1 + 30 + 10 = 41 events
    expect(last).toBe(41);
    const report = await copyEvents({ dataDir: dir, databaseUrl: url, schema, batchSize: 7 });
    expect(report).toMatchObject({ resumedFrom: 0, copied: 41, complete: true });
    expect(report.verification).toEqual({ ok: true, sourceCount: 41, targetCount: 41, sourceLast: 41, targetLast: 41, streams: 4, problems: [] });
    expect(await rows()).toEqual(sourceRows());
    const target = await PostgresEventStore.open({ connectionString: url, schema });
    try {
      expect(await target.verify('program-1')).toEqual({ ok: true, checked: 11 });
      expect((await target.readStream('program-1'))[0].metadata.hashAlgorithm).toBe('sm3');
      expect(await target.headPosition()).toBe(41);
      // The copied log goes on as any other: the next append continues each chain.
      await target.append([{ stream: 'case-1', expectedRevision: 9, events: [newEvent()] }]);
      expect(await target.verify('case-1')).toEqual({ ok: true, checked: 11 });
    } finally {
      await target.close();
    }
  });

  it('copies the password hashes beside the events into the API\'s table of the same schema, keeping a row already there', async () => {
    await installation(dir, 2);
    const db = new Database(join(dir, 'events.sqlite'));
    try {
      createCredentialsTable(db);
      const insert = db.prepare('INSERT INTO user_credentials (user_id, event_id, password_hash, created_at) VALUES (?, ?, ?, 1)');
      insert.run('u1', 'e1', '$argon2id$one');
      insert.run('u2', 'e2', '$argon2id$two');
    } finally {
      db.close();
    }
    const hashes = async () =>
      (await withClient(url, (c) => c.query(`SELECT user_id, event_id, password_hash FROM ${schema}.user_credentials ORDER BY user_id`))).rows;
    expect(await copyEvents({ dataDir: dir, databaseUrl: url, schema })).toMatchObject({ complete: true, verification: { ok: true }, credentials: 2 });
    expect(await hashes()).toEqual([
      { user_id: 'u1', event_id: 'e1', password_hash: '$argon2id$one' },
      { user_id: 'u2', event_id: 'e2', password_hash: '$argon2id$two' },
    ]);
    // Again (a resumed or repeated copy): nothing new, nothing replaced.
    await withClient(url, (c) => c.query(`UPDATE ${schema}.user_credentials SET password_hash = 'changed-since' WHERE user_id = 'u1'`));
    expect(await copyEvents({ dataDir: dir, databaseUrl: url, schema })).toMatchObject({ copied: 0, credentials: 0 });
    expect((await hashes())[0]).toMatchObject({ password_hash: 'changed-since' });
  });

  it('resumes an interrupted copy from the target head and completes it, without copying anything twice', async () => {
    await installation(dir, 20); // 81 events
    const first = await copyEvents({ dataDir: dir, databaseUrl: url, schema, batchSize: 10, stopAfterBatches: 3 });
    expect(first).toMatchObject({ resumedFrom: 0, copied: 30, complete: false });
    expect(await rows()).toHaveLength(30);
    const second = await copyEvents({ dataDir: dir, databaseUrl: url, schema, batchSize: 10 });
    expect(second).toMatchObject({ resumedFrom: 30, copied: 51, complete: true, verification: { ok: true, targetCount: 81 } });
    expect(await rows()).toEqual(sourceRows());
    // Once more: nothing left to copy, verified again.
    expect(await copyEvents({ dataDir: dir, databaseUrl: url, schema })).toMatchObject({ resumedFrom: 81, copied: 0, verification: { ok: true } });
  });

  it('refuses a target that holds events which are not a prefix of the source, and changes nothing', async () => {
    await installation(dir, 2);
    const other = await PostgresEventStore.open({ connectionString: url, schema });
    await other.append([{ stream: 'elsewhere', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
    await other.close();
    const before = await rows();
    const refusal = copyEvents({ dataDir: dir, databaseUrl: url, schema });
    await expect(refusal).rejects.toThrow(CopyRefusedError);
    await expect(refusal).rejects.toThrow(new RegExp(`target schema ${schema} already holds 2 position\\(s\\) that are not a prefix of .*at position 2 it holds event ${before[1].id}, the source event `));
    expect(await rows()).toEqual(before);
  });

  it('finds a target row that differs from the source when run again over a finished copy', async () => {
    await installation(dir, 2);
    expect(await copyEvents({ dataDir: dir, databaseUrl: url, schema })).toMatchObject({ verification: { ok: true } });
    await withClient(url, async (c) => {
      const { rows: [row] } = await c.query<{ data: string }>(`SELECT data FROM ${schema}.events WHERE position = 3`);
      await c.query(`UPDATE ${schema}.events SET data = $1 WHERE position = 3`, [changeOneByte(row.data)]);
    });
    const again = await copyEvents({ dataDir: dir, databaseUrl: url, schema });
    expect(again.copied).toBe(0);
    expect(again.verification).toMatchObject({ ok: false, sourceCount: 9, targetCount: 9 });
    expect(again.verification?.problems).toEqual([
      "position 3: the target's data differ from the source's",
      "target chain: position 3, stream case-2: changed: revision 0: the stored hash does not match the event's data and metadata",
    ]);
  });

  it('refuses while an API process holds DATA_DIR', async () => {
    await installation(dir, 1);
    const lock = InstanceLock.hold(dir);
    try {
      await expect(copyEvents({ dataDir: dir, databaseUrl: url, schema })).rejects.toThrow(/An API process is using .* Stop it first/);
    } finally {
      lock.release();
    }
    expect(await copyEvents({ dataDir: dir, databaseUrl: url, schema })).toMatchObject({ verification: { ok: true } });
  });

  it('reports a tampered source event and exits non-zero (npm run events:copy)', async () => {
    await installation(dir, 3);
    const db = new Database(join(dir, 'events.sqlite'));
    const { data } = db.prepare('SELECT data FROM events WHERE position = 5').get() as { data: string };
    db.prepare('UPDATE events SET data = ? WHERE position = 5').run(changeOneByte(data));
    db.close();
    const run = spawnSync(process.execPath, ['scripts/events-copy.cjs', '--from', `sqlite:${dir}`, '--to', `postgres:${url}`, '--schema', schema], {
      cwd: join(__dirname, '../../../..'),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toMatch(/VERIFICATION FAILED:\n {2}- target chain: position 5, stream case-3: changed: revision 0: the stored hash does not match/);
    expect(run.stderr).toMatch(/events\/s/);
    expect(run.stdout).toContain('copied 13 events');
    expect(run.status).toBe(1);
  }, 60_000);

  it('names the bad argument', () => {
    const run = spawnSync(process.execPath, ['scripts/events-copy.cjs', '--from', dir, '--to', 'mysql://x'], { cwd: join(__dirname, '../../../..'), encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
    expect(run.stderr).toContain('--from must be sqlite:<DATA_DIR>');
    expect(run.stderr).toContain('--to must be postgres (DATABASE_URL from the environment) or postgres:<DATABASE_URL>');
    expect(run.status).toBe(1);
  }, 30_000);
});
