/**
 * The parent's side of lease.child.ts: spawns a contender and waits for the lines it prints. For the failover tests
 * and bench/lease-failover.bench.ts.
 */
import { join } from 'node:path';
import { ChildLines } from '../../testing/child-lines';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');
const CHILD = join(__dirname, 'lease.child.ts');

export class Contender {
  private readonly process: ChildLines;

  constructor(args: string[]) {
    this.process = new ChildLines(CHILD, args, { cwd: ROOT, label: 'contender' });
  }

  get pid(): number {
    return this.process.pid;
  }

  get lines(): readonly string[] {
    return this.process.lines;
  }

  /** The first line matching `pattern` (from line `from` on), waiting up to `timeoutMs`; fails with what it printed. */
  async waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpMatchArray> {
    return (await this.process.waitFor(pattern, timeoutMs, from)).match;
  }

  /** Whether it printed `held` (since line `from`). */
  holds(from = 0): boolean {
    return this.process.lines.slice(from).some((l) => l.startsWith('held '));
  }

  kill(): Promise<void> {
    return this.process.kill();
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
