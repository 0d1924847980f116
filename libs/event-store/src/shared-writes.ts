/**
 * Small tables that live in the event store's file and whose writes should share its group commit (the API's
 * idempotency records): their write operations are named functions over a connection, defined in a module of their
 * own (`WriteOpsModule`), so they can run wherever the store writes: on this thread inside its group commit, or in
 * its writer thread, which loads the same module.
 */
import type Database from 'better-sqlite3';
import type { GroupWorkOptions } from './sqlite-group-commit';
import { SqliteGroupCommit } from './sqlite-group-commit';

/** Synchronous statements on the connection, run inside a group commit; arguments and results must be cloneable. */
export type WriteOps = Record<string, (...args: never[]) => unknown>;

/** What such a module exports: it creates its tables if needed and prepares its statements. */
export interface WriteOpsModule {
  createWriteOps(db: Database.Database): WriteOps;
}

/** Runs named write operations in the next group commit; resolves after the COMMIT (see GroupWorkOptions). */
export interface SharedWrites {
  run<T>(op: string, args: unknown[], options?: GroupWorkOptions): Promise<T>;
}

/** Loads the modules (by resolvable path) and merges their operations; an operation named twice is refused. */
export function loadWriteOps(db: Database.Database, modules: string[]): WriteOps {
  const ops: WriteOps = {};
  for (const path of modules) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is named at run time, in either thread
    const mod = require(path) as Partial<WriteOpsModule>;
    if (typeof mod.createWriteOps !== 'function') throw new Error(`${path} does not export createWriteOps(db)`);
    for (const [name, op] of Object.entries(mod.createWriteOps(db))) {
      if (name in ops) throw new Error(`write operation ${name} is defined twice`);
      ops[name] = op;
    }
  }
  return ops;
}

/** Runs `ops[op](...args)` for a shared-writes caller; an unknown name throws. */
export function runOp(ops: WriteOps, op: string, args: unknown[]): unknown {
  const fn = ops[op] as ((...a: unknown[]) => unknown) | undefined;
  if (typeof fn !== 'function') throw new Error(`unknown write operation ${op}`);
  return fn(...args);
}

/** Shared writes on this thread, through a group commit (the event store's, or one of their own). */
export function localWrites(db: Database.Database, ops: WriteOps, commits = new SqliteGroupCommit(db)): SharedWrites {
  return {
    run: <T>(op: string, args: unknown[], options?: GroupWorkOptions) => commits.run(() => runOp(ops, op, args) as T, options),
  };
}

/** Named asynchronous write operations (tables in PostgreSQL, say) as SharedWrites: each runs as it is called; an unknown name rejects. */
export function asyncWrites(ops: Record<string, (...args: never[]) => Promise<unknown>>): SharedWrites {
  return {
    run: <T>(op: string, args: unknown[]): Promise<T> => {
      const fn = ops[op] as ((...a: unknown[]) => Promise<T>) | undefined;
      if (typeof fn !== 'function') return Promise.reject(new Error(`unknown write operation ${op}`));
      return fn(...args);
    },
  };
}
