/**
 * A TypeScript script run in a child process (through @swc-node/register) whose stdout lines the parent waits for:
 * the lease contenders (lease-contender.ts, bench/lease-failover) and apps/worker started apart so that a test can
 * SIGKILL it (test/e2e/support/worker-process.ts). A wait fails with what the child printed.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

export interface ChildOptions {
  cwd: string;
  /** The child's whole environment (default: the parent's). */
  env?: NodeJS.ProcessEnv;
  /** What the errors call it (`contender`, `worker`). */
  label: string;
}

export class ChildLines {
  readonly lines: string[] = [];
  private err = '';
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly listeners = new Set<() => void>();

  constructor(script: string, args: string[], private readonly options: ChildOptions) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', script, ...args], {
      cwd: options.cwd,
      ...(options.env ? { env: options.env } : {}),
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

  get ended(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * The first line from line `from` on that `matches` (a pattern, or a line equal to the text), with its index; waits
   * up to `timeoutMs`, and fails with what the child printed when it ends first or the time runs out.
   */
  waitFor(matches: RegExp | string, timeoutMs: number, from = 0): Promise<{ index: number; match: RegExpMatchArray }> {
    const pattern = typeof matches === 'string' ? new RegExp(`^${matches.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : matches;
    const test = (line: string): RegExpMatchArray | null => line.match(pattern);
    const name = `${this.options.label} ${this.pid}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`${name}: no ${String(matches)} within ${timeoutMs} ms; printed: ${this.lines.slice(-8).join(' | ')} ${this.err.slice(-3000)}`)), timeoutMs);
      const finish = (error?: Error, found?: { index: number; match: RegExpMatchArray }): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        if (error) reject(error);
        else resolve(found!);
      };
      const check = (): void => {
        for (let i = from; i < this.lines.length; i++) {
          const match = test(this.lines[i]!);
          if (match) return finish(undefined, { index: i, match });
        }
        if (this.ended) finish(new Error(`${name} ended (${this.child.exitCode ?? this.child.signalCode}) before ${String(matches)}: ${this.lines.join(' | ')} ${this.err.slice(-3000)}`));
      };
      this.listeners.add(check);
      check();
    });
  }

  /** SIGKILL: no shutdown hook runs, its connections just drop. */
  kill(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM (a clean shutdown), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const killer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.signal('SIGTERM');
    clearTimeout(killer);
  }

  private signal(signal: NodeJS.Signals): Promise<void> {
    if (this.ended) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return exited;
  }
}
