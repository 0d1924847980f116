/**
 * The parent's side of lease.child.ts: spawns a contender and waits for the lines it prints. For the failover tests
 * and bench/lease-failover.bench.ts.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const CHILD = join(__dirname, 'lease.child.ts');

export class Contender {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: string[] = [];
  private err = '';
  private readonly listeners = new Set<() => void>();

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
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
    return this.child.pid!;
  }

  /** The first line matching `pattern` (from line `from` on), waiting up to `timeoutMs`; fails with what it printed. */
  waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        for (let i = from; i < this.lines.length; i++) {
          const m = this.lines[i]!.match(pattern);
          if (m) {
            done();
            resolve(m);
            return true;
          }
        }
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done();
          reject(new Error(`contender ${this.pid} ended (${this.child.exitCode ?? this.child.signalCode}) before ${pattern}: ${this.lines.join(' | ')} ${this.err}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`contender ${this.pid}: no ${pattern} within ${timeoutMs} ms; printed: ${this.lines.slice(-5).join(' | ')} ${this.err.slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      const listener = () => void check();
      this.listeners.add(listener);
      check();
    });
  }

  /** Whether it printed `held` (since line `from`). */
  holds(from = 0): boolean {
    return this.lines.slice(from).some((l) => l.startsWith('held '));
  }

  kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }
}

/** Resolves when one of `contenders` prints `held` (the others' waits are dropped quietly). */
export async function firstToHold(contenders: Contender[], timeoutMs: number): Promise<Contender> {
  const waits = contenders.map((c) => c.waitFor(/^held \d+/, timeoutMs).then(() => c));
  for (const w of waits) w.catch(() => undefined);
  return Promise.race(waits);
}

/**
 * Two contenders for `hold`, then `kills` rounds: kill the holder, start a fresh contender in its place, and
 * measure from the kill to the standby's `held` line. Returns the failover times in ms.
 */
export async function measureFailovers(args: string[], kills: number, timeoutMs = 30_000): Promise<number[]> {
  const live: Contender[] = [new Contender(['hold', ...args]), new Contender(['hold', ...args])];
  const times: number[] = [];
  try {
    await Promise.all(live.map((c) => c.waitFor(/^ready$/, timeoutMs)));
    await firstToHold(live, timeoutMs);
    for (let round = 0; round < kills; round++) {
      const holder = live.find((c) => c.holds())!;
      const standby = live.find((c) => c !== holder)!;
      await new Promise((resolve) => setTimeout(resolve, 300 + Math.random() * 2000));
      const killedAt = Date.now();
      await holder.kill();
      const m = await standby.waitFor(/^held (\d+)/, timeoutMs);
      times.push(Number(m[1]) - killedAt);
      live.splice(live.indexOf(holder), 1);
      const fresh = new Contender(['hold', ...args]);
      live.push(fresh);
      await fresh.waitFor(/^ready$/, timeoutMs);
    }
    return times;
  } finally {
    await Promise.all(live.map((c) => c.kill()));
  }
}
