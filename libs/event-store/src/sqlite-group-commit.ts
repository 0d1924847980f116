/**
 * Group commit for one better-sqlite3 connection, shared by the event store and the API's app.sqlite. With
 * synchronous=FULL every COMMIT waits for an fsync (milliseconds on ordinary disks), and better-sqlite3 waits on the
 * event loop, so one transaction per request caps the whole process at a few hundred writes a second.
 *
 * Work queued in the same turn of the event loop therefore runs in one IMMEDIATE transaction, each piece in its own
 * SAVEPOINT (a throw undoes that piece only and rejects its promise), and every promise settles after the shared
 * COMMIT: nothing is acknowledged before it is durable, and a failed COMMIT rejects the whole group.
 *
 * Work that need not survive a crash (`{ durable: false }`: a record whose loss only means a request is run again
 * and that is never the reason an answer is given) may skip the disk flush: a group made only of such work commits
 * with synchronous=NORMAL (in WAL mode: written, not flushed), and the next durable commit flushes it with its own.
 *
 * (Flushing the WAL on the thread pool instead of inside COMMIT was tried and measured slower: see BENCHMARKS.md.)
 */
import type Database from 'better-sqlite3';

export interface GroupWorkOptions {
  /** Default true: the promise resolves only once the work is on disk (with synchronous=FULL). */
  durable?: boolean;
}

interface Queued {
  work: () => unknown;
  durable: boolean;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class SqliteGroupCommit {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly group: (queued: Queued[]) => Outcome[];
  /** synchronous=FULL on this connection: only then is there a flush to skip. */
  private readonly full: boolean;

  constructor(private readonly db: Database.Database) {
    this.full = Number(db.pragma('synchronous', { simple: true })) === 2;
    // Inside the group's transaction better-sqlite3 runs this one as a SAVEPOINT.
    const one = db.transaction((work: () => unknown) => work());
    const group = db.transaction((queued: Queued[]) =>
      queued.map((q): Outcome => {
        try {
          return { ok: true, value: one(q.work) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
    this.group = (queued) => group.immediate(queued);
  }

  /** Runs `work` (synchronous statements on this connection) in the next group; resolves after its COMMIT. */
  run<T>(work: () => T, options: GroupWorkOptions = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, durable: options.durable ?? true, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      // After the I/O callbacks of this turn, so the work of every request handled in it shares one commit.
      setImmediate(() => this.flush());
    });
  }

  /** Commits what is queued now (also called before the connection closes). */
  flush(): void {
    this.scheduled = false;
    const queued = this.queue;
    this.queue = [];
    if (queued.length === 0) return;
    let outcomes: Outcome[];
    try {
      if (!this.db.open) throw new Error('the database is closed');
      outcomes = this.full && !queued.some((q) => q.durable) ? this.withoutFlush(queued) : this.group(queued);
    } catch (error) {
      for (const q of queued) q.reject(error);
      return;
    }
    outcomes.forEach((o, i) => (o.ok ? queued[i].resolve(o.value) : queued[i].reject(o.error)));
  }

  private withoutFlush(queued: Queued[]): Outcome[] {
    this.db.pragma('synchronous = NORMAL');
    try {
      return this.group(queued);
    } finally {
      this.db.pragma('synchronous = FULL');
    }
  }
}
