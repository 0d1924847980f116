/**
 * Small mutable records kept as streams of versions, changed with optimistic concurrency: the home of the API's
 * idempotency records and password hashes when the events are in KurrentDB (EVENT_STORE=kurrentdb), which has no
 * tables. A record is one stream; its last version is its value; a write names the revision it read (-1: none), so
 * two processes changing one record at once cannot both succeed. Old versions can be dropped (a password hash must
 * not outlive its replacement) and a record can expire (idempotency records last 24 h).
 *
 * Adapters: KurrentDB (kurrentdb/kurrentdb.record-streams.ts, a stream per record with `$tb` and `$maxAge` stream
 * metadata), and memory (below: the unit tests of the records built on it, and the reference the KurrentDB adapter's
 * suite compares against).
 */

export interface RecordVersion<T = unknown> {
  /** 0-based revision of this version in its record's stream. */
  revision: number;
  data: T;
}

/** A write's outcome: the new version's revision, or the record's revision now when another writer moved it first. */
export type RecordWrite = { ok: true; revision: number } | { ok: false; current: number };

export interface RecordStreams {
  /** The record's last version, or undefined when it has none (never written, expired, or every version dropped). */
  last<T>(record: string): Promise<RecordVersion<T> | undefined>;
  /**
   * Writes `data` as the record's next version if its revision is still `expected` (-1: never written). When another
   * writer moved it first nothing is written, and the outcome names the record's revision now: after its versions
   * expired or were dropped, `last` finds none, but the record keeps counting, so that revision is the one to expect.
   */
  write(record: string, data: unknown, expected: number): Promise<RecordWrite>;
  /** Versions before `revision` are dropped (KurrentDB: truncate-before, removed for good at the next scavenge). */
  dropBefore(record: string, revision: number): Promise<void>;
  /** Versions older than `seconds` are dropped (KurrentDB: max-age); set once, when the record is created. */
  expireAfter(record: string, seconds: number): Promise<void>;
  close(): Promise<void>;
}

interface MemoryRecord {
  versions: { revision: number; data: unknown; at: number }[];
  next: number;
  maxAgeMs?: number;
}

/** In memory: the same rules, with a clock for the expiry (the unit tests' fake time). */
export class MemoryRecordStreams implements RecordStreams {
  private readonly records = new Map<string, MemoryRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  async last<T>(record: string): Promise<RecordVersion<T> | undefined> {
    const r = this.records.get(record);
    const live = r?.versions.filter((v) => r.maxAgeMs === undefined || this.now() - v.at < r.maxAgeMs) ?? [];
    const last = live.at(-1);
    return last && { revision: last.revision, data: structuredClone(last.data) as T };
  }

  async write(record: string, data: unknown, expected: number): Promise<RecordWrite> {
    const r = this.records.get(record) ?? { versions: [], next: 0 };
    if (r.next - 1 !== expected) return { ok: false, current: r.next - 1 };
    r.versions.push({ revision: r.next, data: structuredClone(data), at: this.now() });
    r.next += 1;
    this.records.set(record, r);
    return { ok: true, revision: r.next - 1 };
  }

  async dropBefore(record: string, revision: number): Promise<void> {
    const r = this.records.get(record);
    if (r) r.versions = r.versions.filter((v) => v.revision >= revision);
  }

  async expireAfter(record: string, seconds: number): Promise<void> {
    const r = this.records.get(record) ?? { versions: [], next: 0 };
    r.maxAgeMs = seconds * 1000;
    this.records.set(record, r);
  }

  /** Every version still kept of a record (tests: what a dropped hash left behind). */
  versions(record: string): unknown[] {
    return (this.records.get(record)?.versions ?? []).map((v) => v.data);
  }

  /** Names of the records written so far (tests). */
  names(): string[] {
    return [...this.records.keys()];
  }

  async close(): Promise<void> {}
}

export interface ChangeRecordOptions {
  /** Writes lost to other writers before giving up (each attempt reads again); default 20. */
  attempts?: number;
  /** Before the record's first version is written (e.g. its expiry, so that no crash leaves it without one). */
  beforeCreate?: () => Promise<void>;
  /** After a version was written (e.g. dropping the versions before it). */
  afterWrite?: (revision: number) => Promise<void>;
}

/**
 * Read, decide, write, and again on a lost race: reads the record's last version, lets `next` choose the version to
 * write (`write` undefined: nothing to write) and the result, and writes it expecting the revision read. Another writer
 * in between makes the write fail; the record is then read again and `next` decides again on what it holds now.
 */
export async function changeRecord<T, R>(
  records: RecordStreams,
  name: string,
  next: (current: T | undefined) => { write?: T; result: R },
  options: ChangeRecordOptions = {},
): Promise<R> {
  const attempts = options.attempts ?? 20;
  let seen = await records.last<T>(name);
  let expected = seen?.revision ?? -1;
  for (let attempt = 1; ; attempt += 1) {
    const decided = next(seen?.data);
    if (decided.write === undefined) return decided.result;
    if (expected === -1) await options.beforeCreate?.();
    const written = await records.write(name, decided.write, expected);
    if (written.ok) {
      await options.afterWrite?.(written.revision);
      return decided.result;
    }
    if (attempt >= attempts) throw new Error(`record ${name}: ${attempts} writes in a row lost a race with other writers`);
    seen = await records.last<T>(name);
    // Versions gone (expired, dropped) while the record counts on: expect the revision the refusal named.
    expected = seen?.revision ?? written.current;
  }
}
