/**
 * Prepared-statement cache per database handle: projections run the same few statements for every event, and
 * preparing them each time costs more than running them. Keyed by SQL text; after a reset (tables dropped and
 * created again) the cached statements stay valid because SQLite recompiles a statement whose schema changed.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../projection-runner';

const caches = new WeakMap<Db, Map<string, Statement<unknown[], unknown>>>();

export function stmt<P extends unknown[] = unknown[], R = unknown>(db: Db, sql: string): Statement<P, R> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<P, R>;
}
