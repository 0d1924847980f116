/**
 * `npm run events:copy`: moves an embedded installation's events (DATA_DIR/events.sqlite) into the PostgreSQL event
 * store, keeping every event's position, id, stream, revision and stored text — so its hashes — byte for byte.
 * - The rows go in as they are stored, through `PostgresEventStore.importStored`, in batches, each batch one
 *   transaction that must continue the target's log (positions, revisions, prevHash links).
 * - Resumable: a re-run continues after the target's head, once the event at that position is the source's own (the
 *   same id); a target holding other events is refused and left as it is.
 * - Verified at the end: the target is read back in position order beside the source, row for row and byte for byte,
 *   and every stream's hash chain is recomputed on the target (ChainAuditor); the counts and the last position must
 *   match. A source event whose hash no longer matches its content is copied as it is and reported here.
 * - Refuses while an API process holds DATA_DIR (instance-lock.ts): the log must not grow during the copy.
 * - Once the events are verified, the password hashes (`user_credentials` beside them) go to the API's table in the
 *   same schema (EVENT_STORE=postgres reads them there), never replacing a row it holds; without them no user whose
 *   password was set in the embedded installation could sign in. Idempotency records are not copied (24 h at most).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ChainAuditor, MemoryVerifiedLog, PostgresEventStore } from '@shenbao/event-store';
import type { Finding, StoredRow } from '@shenbao/event-store';
import { ConfigError, EVENTS_FILE } from '@shenbao/host';
import { lockExclusively } from '@shenbao/commands';
import { CredentialStore } from '../auth/credential.store';
import type { CredentialRow } from '../auth/credentials.ops';
import { credentialsOnPostgres } from '../auth/credentials.postgres';
import { openApiTables } from './api-postgres';

export interface CopyOptions {
  dataDir: string;
  databaseUrl: string;
  /** The target schema (default `shenbao`, as the store's). */
  schema?: string;
  /** Events per transaction (default 2000). */
  batchSize?: number;
  /** Stops after this many batches, unverified, as an interruption would (tests of resuming). */
  stopAfterBatches?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyProgress {
  /** The target's head position after the last batch. */
  position: number;
  /** The source's last position. */
  last: number;
  /** Events copied by this run so far. */
  copied: number;
  /** Events per second of this run so far. */
  rate: number;
}

export interface CopyReport {
  /** The target's head when this run began (0: a fresh copy; more: a resumed one). */
  resumedFrom: number;
  copied: number;
  seconds: number;
  /** False when stopAfterBatches cut the run short (then nothing was verified). */
  complete: boolean;
  verification?: Verification;
  /** Password hashes new to the target's `user_credentials` (copied only once the events verified). */
  credentials?: number;
}

export interface Verification {
  ok: boolean;
  sourceCount: number;
  targetCount: number;
  sourceLast: number;
  targetLast: number;
  streams: number;
  /** What differs or is broken, for a person (at most MAX_PROBLEMS, then a count of the rest). */
  problems: string[];
}

/** The copy will not run (the API holds DATA_DIR, the target diverges, nothing to copy); nothing was changed. */
export class CopyRefusedError extends Error {
  override readonly name = 'CopyRefusedError';
}

const COLUMNS = 'position, id, stream, revision, type, data, metadata';
const FIELDS = ['id', 'stream', 'revision', 'type', 'data', 'metadata'] as const;
const MAX_PROBLEMS = 20;

export async function copyEvents(options: CopyOptions): Promise<CopyReport> {
  const batchSize = options.batchSize ?? 2000;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 50_000) throw new ConfigError([`batch size must be an integer from 1 to 50000, got ${batchSize}`]);
  const path = join(options.dataDir, EVENTS_FILE);
  if (!existsSync(path)) throw new CopyRefusedError(`There is no ${EVENTS_FILE} in ${options.dataDir}: nothing to copy.`);
  const lock = lockExclusively(options.dataDir);
  if (!lock) {
    throw new CopyRefusedError(
      `An API process is using ${options.dataDir} (it holds ${join(options.dataDir, 'instance.lock')}). Stop it first: events appended during the copy would be missed.`,
    );
  }
  let source: Database.Database | undefined;
  let target: PostgresEventStore | undefined;
  try {
    source = new Database(path, { readonly: true, fileMustExist: true });
    const after = source.prepare<[number, number], StoredRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`);
    const at = source.prepare<[number], { id: string }>('SELECT id FROM events WHERE position = ?');
    const last = (source.prepare('SELECT coalesce(max(position), 0) AS last FROM events').get() as { last: number }).last;
    target = await PostgresEventStore.open({ connectionString: options.databaseUrl, schema: options.schema, poolSize: 2, follow: 'poll' });

    const resumedFrom = await target.headPosition();
    if (resumedFrom > 0) {
      const [theirs] = await target.readStored(resumedFrom - 1, 1);
      const ours = at.get(resumedFrom);
      if (!theirs || !ours || theirs.id !== ours.id) {
        throw new CopyRefusedError(
          `The target schema ${target.schema} already holds ${resumedFrom} position(s) that are not a prefix of ${path}: at position ${resumedFrom} ` +
            `it holds event ${theirs?.id ?? '(none)'}, the source ${ours ? `event ${ours.id}` : 'no event'}. Copy into an empty schema (--schema) instead; nothing was changed.`,
        );
      }
    }

    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
    let position = resumedFrom;
    let copied = 0;
    let batches = 0;
    for (;;) {
      if (options.stopAfterBatches !== undefined && batches >= options.stopAfterBatches) {
        return { resumedFrom, copied, seconds: elapsed(), complete: false };
      }
      const rows = after.all(position, batchSize);
      if (rows.length === 0) break;
      position = await target.importStored(rows);
      copied += rows.length;
      batches += 1;
      options.onProgress?.({ position, last, copied, rate: copied / Math.max(elapsed(), 1e-3) });
    }
    const seconds = elapsed();
    const verification = await verifyCopy(after, target, batchSize);
    const credentials = verification.ok ? await copyCredentials(source, options.databaseUrl, target.schema) : 0;
    return { resumedFrom, copied, seconds, complete: true, verification, credentials };
  } finally {
    await target?.close();
    source?.close();
    lock.close();
  }
}

/** The source's password hashes into the API's table in `schema` (created if need be); an existing row is kept. */
async function copyCredentials(source: Database.Database, databaseUrl: string, schema: string): Promise<number> {
  const table = source.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'user_credentials'").get();
  if (table === undefined) return 0;
  const rows = source.prepare<[], CredentialRow>('SELECT user_id AS userId, event_id AS eventId, password_hash AS passwordHash FROM user_credentials').all();
  if (rows.length === 0) return 0;
  const tables = await openApiTables(databaseUrl, schema);
  try {
    return await new CredentialStore(credentialsOnPostgres(tables), () => new Date()).migrateLegacy(rows);
  } finally {
    await tables.close();
  }
}

/** Reads the target back beside the source, in position order: identical rows, intact chains, same count and end. */
async function verifyCopy(after: Database.Statement<[number, number], StoredRow>, target: PostgresEventStore, batchSize: number): Promise<Verification> {
  const verified = new MemoryVerifiedLog();
  const auditor = new ChainAuditor('sha256', 0, verified);
  const problems: string[] = [];
  let more = 0;
  const report = (problem: string) => (problems.length < MAX_PROBLEMS ? problems.push(problem) : (more += 1));
  const describe = (f: Finding) => `position ${f.position}${f.stream ? `, stream ${f.stream}` : ''}: ${f.kind}: ${f.detail}`;
  let sourceCount = 0;
  let targetCount = 0;
  let sourceLast = 0;
  let targetLast = 0;
  for (;;) {
    const [ours, theirs] = [after.all(sourceLast, batchSize), await target.readStored(targetLast, batchSize)];
    if (ours.length === 0 && theirs.length === 0) break;
    for (let i = 0; i < Math.max(ours.length, theirs.length); i += 1) {
      const [s, t] = [ours[i], theirs[i]];
      if (s && t && s.position === t.position) {
        const differing = FIELDS.filter((f) => s[f] !== t[f]);
        if (differing.length > 0) report(`position ${s.position}: the target's ${differing.join(', ')} differ from the source's`);
      } else if (s && t) {
        report(`position ${s.position} in the source is position ${t.position} in the target`);
      }
      if (!s && t) report(`position ${t.position} is in the target but not in the source`);
      if (s && !t) report(`position ${s.position} is in the source but not in the target`);
      if (t) for (const finding of auditor.verifyNext(t, () => false)) report(`target chain: ${describe(finding)}`);
    }
    sourceCount += ours.length;
    targetCount += theirs.length;
    sourceLast = ours.at(-1)?.position ?? sourceLast;
    targetLast = theirs.at(-1)?.position ?? targetLast;
  }
  const targetHead = await target.headPosition();
  if (targetHead !== targetLast) report(`the target's head position is ${targetHead}, its last event is at ${targetLast}`);
  if (sourceCount !== targetCount) report(`the source holds ${sourceCount} events, the target ${targetCount}`);
  if (sourceLast !== targetLast) report(`the source ends at position ${sourceLast}, the target at ${targetLast}`);
  if (more > 0) problems.push(`… and ${more} more`);
  return { ok: problems.length === 0, sourceCount, targetCount, sourceLast, targetLast, streams: verified.streams.size, problems };
}
