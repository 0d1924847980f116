/**
 * The embedded deadline adapter: durable timers in a SQLite file, fired inside the API process.
 *
 * Owns the `timers` table (one row per deadline id) and the `checkpoints` table of the consumers that feed it.
 * A row stays `pending` until its handler resolves, so a crash mid-handler fires it again on the next start
 * (at least once); timers that fell due while the process was down fire as soon as `start` runs. A failing handler
 * is retried with exponential backoff and, after `maxAttempts`, kept as `failed` with its last error (visible via
 * `failed()`, put back with `retry(id)`), never dropped. One process per file: there is no lease between processes.
 */
import Database from 'better-sqlite3';
import type { CheckpointStore, Deadline, DeadlineHandler, DeadlineScheduler } from './deadline.types';

export type TimerStatus = 'pending' | 'done' | 'failed';

export interface RetryPolicy {
  /** Handler calls before a timer is kept as failed (default 8). */
  maxAttempts: number;
  /** Delay after the first failure, doubled each time (default 1 s; at least 1 ms). */
  baseDelayMs: number;
  /** Cap on the delay (default 10 min). */
  maxDelayMs: number;
}

export interface LocalTimerOptions {
  /** SQLite file, or `:memory:`. */
  path: string;
  now?: () => Date;
  /** Longest single sleep of the loop; it then re-checks, so clock jumps and missed wake-ups heal (default 1 s). */
  maxSleepMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Told about handler failures and loop errors (for logs); the timer keeps the error either way. */
  onError?: (error: unknown, deadline?: Deadline) => void;
}

export interface TimerRecord {
  deadline: Deadline;
  status: TimerStatus;
  attempts: number;
  lastError: string | null;
  /** When the loop will next try it (the due time, or later after a failure). */
  nextAttemptAt: string;
  doneAt: string | null;
}

interface TimerRow {
  id: string;
  payload: string;
  status: TimerStatus;
  attempts: number;
  last_error: string | null;
  next_at: number;
  done_at: number | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS timers (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  entry INTEGER NOT NULL,
  kind TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  done_at INTEGER
);
CREATE INDEX IF NOT EXISTS timers_due ON timers (status, next_at, due_at);
CREATE INDEX IF NOT EXISTS timers_entry ON timers (case_id, stage, entry);
CREATE TABLE IF NOT EXISTS checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
`;

function errorText(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

function toRecord(row: TimerRow): TimerRecord {
  return {
    deadline: JSON.parse(row.payload) as Deadline,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: new Date(row.next_at).toISOString(),
    doneAt: row.done_at === null ? null : new Date(row.done_at).toISOString(),
  };
}

export class LocalTimerScheduler implements DeadlineScheduler {
  private readonly now: () => Date;
  private readonly maxSleepMs: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly onError: (error: unknown, deadline?: Deadline) => void;
  private running = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** Prepared once per SQL text: the checkpoint and status queries run on every event burst and /health call. */
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(private readonly db: Database.Database, options: LocalTimerOptions) {
    this.now = options.now ?? (() => new Date());
    this.maxSleepMs = options.maxSleepMs ?? 1000;
    this.retryPolicy = {
      maxAttempts: options.retry?.maxAttempts ?? 8,
      baseDelayMs: Math.max(1, options.retry?.baseDelayMs ?? 1000),
      maxDelayMs: options.retry?.maxDelayMs ?? 600_000,
    };
    this.onError = options.onError ?? (() => undefined);
  }

  static open(options: LocalTimerOptions): LocalTimerScheduler {
    const db = new Database(options.path);
    if (options.path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA);
    return new LocalTimerScheduler(db, options);
  }

  async schedule(deadlines: Deadline[]): Promise<void> {
    const insert = this.sql(
      `INSERT OR IGNORE INTO timers (id, case_id, stage, entry, kind, due_at, next_at, payload)
       VALUES (@id, @caseId, @stage, @entry, @kind, @dueAt, @dueAt, @payload)`,
    );
    this.db.transaction((list: Deadline[]) => {
      for (const d of list) {
        const dueAt = Date.parse(d.dueAt);
        if (Number.isNaN(dueAt)) throw new RangeError(`deadline ${d.id} has an invalid dueAt: ${d.dueAt}`);
        insert.run({ id: d.id, caseId: d.caseId, stage: d.stage, entry: d.entry, kind: d.kind, dueAt, payload: JSON.stringify(d) });
      }
    })(deadlines);
    // A new timer may be earlier than the one the loop is sleeping towards.
    this.wake();
  }

  async cancelEntry(caseId: string, stage: string, entry: number): Promise<void> {
    this.sql(`DELETE FROM timers WHERE case_id = ? AND stage = ? AND entry = ? AND status = 'pending'`)
      .run(caseId, stage, entry);
  }

  async pending(): Promise<Deadline[]> {
    const rows = this.sql(`SELECT payload FROM timers WHERE status = 'pending' ORDER BY due_at, id`)
      .all() as Pick<TimerRow, 'payload'>[];
    return rows.map((r) => JSON.parse(r.payload) as Deadline);
  }

  /** One aggregate in SQLite: no payload reaches JavaScript (/health asks often; there may be a timer per stage of every open case). */
  async provisionalPending(): Promise<{ count: number; lastDueAt?: string }> {
    const row = this.sql(
      `SELECT COUNT(*) AS n, MAX(due_at) AS last FROM timers WHERE status = 'pending' AND json_extract(payload, '$.provisional') = 1`,
    ).get() as { n: number; last: number | null };
    return { count: row.n, ...(row.last !== null ? { lastDueAt: new Date(row.last).toISOString() } : {}) };
  }

  /** How many timers wait and how many gave up (for /health and metrics; one query, no payloads read). */
  async counts(): Promise<{ pending: number; failed: number }> {
    const rows = this.sql(`SELECT status, COUNT(*) AS n FROM timers WHERE status IN ('pending', 'failed') GROUP BY status`).all() as {
      status: 'pending' | 'failed';
      n: number;
    }[];
    const counts = { pending: 0, failed: 0 };
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  /** Timers whose handler kept failing, with their last error. */
  async failed(): Promise<TimerRecord[]> {
    const rows = this.sql(`SELECT * FROM timers WHERE status = 'failed' ORDER BY due_at, id`).all() as TimerRow[];
    return rows.map(toRecord);
  }

  async get(id: string): Promise<TimerRecord | undefined> {
    const row = this.sql(`SELECT * FROM timers WHERE id = ?`).get(id) as TimerRow | undefined;
    return row && toRecord(row);
  }

  /** Puts a failed timer back in the queue, due now, with a fresh attempt count (an operator's action). */
  async retry(id: string): Promise<void> {
    this.sql(`UPDATE timers SET status = 'pending', attempts = 0, next_at = ? WHERE id = ? AND status = 'failed'`)
      .run(this.now().getTime(), id);
    this.wake();
  }

  /** A consumer's checkpoint kept in this database, under `name`. */
  checkpointStore(name: string): CheckpointStore {
    return {
      load: async () => {
        const row = this.sql(`SELECT position FROM checkpoints WHERE name = ?`).get(name) as { position: number } | undefined;
        return row?.position ?? 0;
      },
      save: async (position: number) => {
        this.sql(`INSERT INTO checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position`)
          .run(name, position);
      },
    };
  }

  /** Fires, one at a time and in due order, every pending timer due by now. Returns how many handler calls ran. */
  async runDue(handler: DeadlineHandler): Promise<number> {
    return this.fireDue(handler, () => true);
  }

  /** Starts the loop. Timers already due (also those that fell due while the process was down) fire at once. */
  start(handler: DeadlineHandler): void {
    if (this.running) throw new Error('LocalTimerScheduler already started');
    this.running = true;
    this.loop = this.run(handler);
  }

  /** Stops the loop after the handler that is running (if any) has settled. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.db.open) this.db.close();
  }

  private async run(handler: DeadlineHandler): Promise<void> {
    while (this.running) {
      let wait = this.maxSleepMs;
      try {
        await this.fireDue(handler, () => this.running);
        if (!this.running) break;
        const next = this.sql(`SELECT MIN(next_at) AS at FROM timers WHERE status = 'pending'`).get() as { at: number | null };
        if (next.at !== null) wait = Math.min(this.maxSleepMs, next.at - this.now().getTime());
      } catch (error) {
        // A database error: report it and try again after a full sleep rather than spin.
        this.onError(error);
      }
      if (wait > 0 && this.running) await this.sleep(wait);
    }
  }

  private async fireDue(handler: DeadlineHandler, keepGoing: () => boolean): Promise<number> {
    const nextDue = this.sql(
      `SELECT * FROM timers WHERE status = 'pending' AND next_at <= ? ORDER BY next_at, due_at, id LIMIT 1`,
    );
    let fired = 0;
    while (keepGoing()) {
      const row = nextDue.get(this.now().getTime()) as TimerRow | undefined;
      if (!row) break;
      await this.fire(row, handler);
      fired += 1;
    }
    return fired;
  }

  private async fire(row: TimerRow, handler: DeadlineHandler): Promise<void> {
    const deadline = JSON.parse(row.payload) as Deadline;
    const attempts = row.attempts + 1;
    // Counted before the call: a crash inside the handler still uses up an attempt.
    this.sql(`UPDATE timers SET attempts = ? WHERE id = ?`).run(attempts, row.id);
    try {
      await handler(deadline);
    } catch (error) {
      this.onError(error, deadline);
      const giveUp = attempts >= this.retryPolicy.maxAttempts;
      const delay = Math.min(this.retryPolicy.maxDelayMs, this.retryPolicy.baseDelayMs * 2 ** (attempts - 1));
      // `status = 'pending'`: a timer cancelled while its handler ran stays gone.
      this.sql(`UPDATE timers SET status = ?, next_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`)
        .run(giveUp ? 'failed' : 'pending', this.now().getTime() + delay, errorText(error), row.id);
      return;
    }
    this.sql(`UPDATE timers SET status = 'done', done_at = ? WHERE id = ? AND status = 'pending'`)
      .run(this.now().getTime(), row.id);
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}
