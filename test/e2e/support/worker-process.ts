/**
 * The parent's side of worker.child.ts: apps/worker started in a child process (so the test can SIGKILL it, as an
 * operator or the OOM killer would), with the lines it prints.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'worker.child.ts');

export class WorkerProcess {
  readonly lines: string[] = [];
  private err = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<() => void>();

  /** `env`: the whole configuration (DATA_DIR included); `offsetMs`: how far its clock runs ahead of the real one. */
  constructor(env: Record<string, string>, offsetMs: number) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, String(offsetMs)], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let partial = '';
    this.child.stdout.on('data', (chunk: Buffer) => {
      partial += String(chunk);
      const parts = partial.split('\n');
      partial = parts.pop() ?? '';
      this.lines.push(...parts);
      for (const l of [...this.listeners]) l();
    });
    this.child.stderr.on('data', (chunk: Buffer) => (this.err += String(chunk)));
    this.child.once('exit', () => {
      for (const l of [...this.listeners]) l();
    });
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  private get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Waits for a line equal to `line` (from line `from` on); fails with what the child printed. */
  waitFor(line: string, timeoutMs: number, from = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`worker ${this.pid}: no "${line}" within ${timeoutMs} ms; printed: ${this.lines.join(' | ')} ${this.err.slice(-3000)}`)), timeoutMs);
      const finish = (error?: Error, at?: number): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve(at!);
      };
      const check = (): void => {
        const at = this.lines.indexOf(line, from);
        if (at >= 0) finish(undefined, at);
        else if (this.ended) finish(new Error(`worker ${this.pid} ended (${this.child.exitCode ?? this.child.signalCode}) before "${line}": ${this.lines.join(' | ')} ${this.err.slice(-3000)}`));
      };
      this.listeners.add(check);
      check();
    });
  }

  /** SIGKILL: no shutdown hook runs, the lease is not released, its connections just drop. */
  kill(): Promise<void> {
    if (this.ended) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }

  /** SIGTERM (a clean shutdown), SIGKILL after 10 s. */
  async stop(): Promise<void> {
    if (this.ended) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  }
}
