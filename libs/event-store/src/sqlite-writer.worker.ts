/**
 * The SQLite event store's writer thread: owns the write connection and the group commit, so that revision checks,
 * canonical JSON, hashing, inserts and the COMMIT with its disk flush run beside the API's event loop instead of on
 * it. Appends that arrive in one turn of this thread share one commit; their answers go back in one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { runAppend } from './append-core';
import { appendTarget, busyAsStoreError, prepareStatements } from './sqlite-schema';
import type { CommittedRow } from './sqlite-schema';
import { SqliteGroupCommit } from './sqlite-group-commit';
import { loadWriteOps, runOp } from './shared-writes';
import type { WriteOps } from './shared-writes';
import { toWire } from './sqlite-writer.messages';
import type { FromWriter, ToWriter, WriterData, WriterReply } from './sqlite-writer.messages';

const port = parentPort;
if (!port) throw new Error('sqlite-writer.worker runs as a worker thread');
const data = workerData as WriterData;
const post = (message: FromWriter): void => port.postMessage(message);

let db: Database.Database;
let ops: WriteOps;
try {
  db = new Database(data.path, { timeout: data.busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${data.synchronous}`);
  ops = loadWriteOps(db, data.writeOps);
} catch (error) {
  post({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
const statements = prepareStatements(db);
const commits = new SqliteGroupCommit(db);

let replies: WriterReply[] = [];
let sendQueued = false;
const reply = (answer: WriterReply): void => {
  replies.push(answer);
  if (sendQueued) return;
  sendQueued = true;
  // The appends of a group settle in one microtask checkpoint; this runs after all of them.
  queueMicrotask(() => {
    sendQueued = false;
    const batch = replies;
    replies = [];
    post({ type: 'replies', replies: batch });
  });
};

port.on('message', (message: ToWriter) => {
  if (message.type === 'append') {
    const rows: CommittedRow[] = [];
    const target = appendTarget(statements, rows);
    commits.run(() => runAppend(target, message.writes)).then(
      (result) => reply({ id: message.id, ok: true, value: { result, rows } }),
      (error: unknown) => reply({ id: message.id, ok: false, error: toWire(busyAsStoreError(error)) }),
    );
  } else if (message.type === 'op') {
    commits.run(() => runOp(ops, message.op, message.args), { durable: message.durable }).then(
      (value) => reply({ id: message.id, ok: true, value }),
      (error: unknown) => reply({ id: message.id, ok: false, error: toWire(busyAsStoreError(error)) }),
    );
  } else {
    commits.flush();
    // Let the answers of that last commit go out first.
    setImmediate(() => {
      db.close();
      post({ type: 'closed' });
      port.close();
    });
  }
});

post({ type: 'ready' });
