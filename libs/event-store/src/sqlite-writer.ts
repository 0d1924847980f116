/**
 * The event store's side of its writer thread (sqlite-writer.worker.ts): starts it, sends it appends, settles each
 * append from the thread's answer, and closes it. An append's promise settles after the thread's COMMIT, so the
 * durability promise is the same as appending on this thread.
 */
import { Worker } from 'node:worker_threads';
import { EventStoreError } from './errors';
import { workerScript } from './worker-script';
import type { SharedWrites } from './shared-writes';
import type { StreamWrite } from './port';
import type { GroupWorkOptions } from './sqlite-group-commit';
import { fromWire } from './sqlite-writer.messages';
import type { AppendAnswer, FromWriter, ToWriter, WriterData } from './sqlite-writer.messages';


interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class SqliteWriterThread implements SharedWrites {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly exited: Promise<number>,
  ) {
    worker.on('message', (message: FromWriter) => {
      if (message.type !== 'replies') return;
      for (const reply of message.replies) {
        const waiting = this.pending.get(reply.id);
        if (!waiting) continue;
        this.pending.delete(reply.id);
        if (reply.ok) waiting.resolve(reply.value);
        else waiting.reject(fromWire(reply.error));
      }
    });
    worker.on('error', (error) => this.fail(new EventStoreError(`the event store's writer thread failed: ${error.message}`, { cause: error })));
    void exited.then((code) => this.fail(new EventStoreError(`the event store's writer thread ended (exit code ${code})`)));
  }

  static start(data: WriterData): Promise<SqliteWriterThread> {
    const { file, execArgv } = workerScript(__dirname, 'sqlite-writer.worker');
    const worker = new Worker(file, { workerData: data, execArgv });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWriter): void => {
        if (message.type === 'ready') {
          worker.off('message', onMessage);
          resolve(new SqliteWriterThread(worker, exited));
        } else if (message.type === 'fatal') {
          reject(new EventStoreError(`the event store's writer thread could not open ${data.path}: ${message.message}`));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      void exited.then((code) => reject(new EventStoreError(`the event store's writer thread exited (code ${code}) before it was ready`)));
    });
  }

  append(writes: StreamWrite[]): Promise<AppendAnswer> {
    return this.send((id) => ({ type: 'append', id, writes }));
  }

  /** A named write operation of the loaded modules (shared-writes.ts), in the thread's next group commit. */
  run<T>(op: string, args: unknown[], options: GroupWorkOptions = {}): Promise<T> {
    return this.send((id) => ({ type: 'op', id, op, args, durable: options.durable ?? true }));
  }

  private send<T>(message: (id: number) => ToWriter): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closing) return Promise.reject(new EventStoreError('event store is closed'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.post(message(id));
    });
  }

  /** Why the thread can no longer write (it failed or ended), if so. */
  get failed(): Error | undefined {
    return this.closing ? undefined : this.failure;
  }

  /** Commits and answers what was sent, then ends the thread. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.failure) this.post({ type: 'close' });
      await this.exited;
    })();
    return this.closing;
  }

  private post(message: ToWriter): void {
    this.worker.postMessage(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiting of this.pending.values()) waiting.reject(this.failure);
    this.pending.clear();
  }
}
