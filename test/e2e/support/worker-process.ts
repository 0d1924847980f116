/**
 * The parent's side of worker.child.ts: apps/worker started in a child process (so the test can SIGKILL it, as an
 * operator or the OOM killer would), with the lines it prints.
 */
import { join } from 'node:path';
import { ChildLines } from '../../../libs/commands/src/testing/child-lines';

const ROOT = join(__dirname, '..', '..', '..');
const CHILD = join(__dirname, 'worker.child.ts');

export class WorkerProcess {
  private readonly process: ChildLines;

  /** `env`: the whole configuration (DATA_DIR included); `offsetMs`: how far its clock runs ahead of the real one. */
  constructor(env: Record<string, string>, offsetMs: number) {
    this.process = new ChildLines(CHILD, [String(offsetMs)], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, label: 'worker' });
  }

  get pid(): number {
    return this.process.pid;
  }

  get lines(): readonly string[] {
    return this.process.lines;
  }

  /** Waits for a line equal to `line` (from line `from` on), its index; fails with what the child printed. */
  async waitFor(line: string, timeoutMs: number, from = 0): Promise<number> {
    return (await this.process.waitFor(line, timeoutMs, from)).index;
  }

  /** SIGKILL: no shutdown hook runs, the lease is not released, its connections just drop. */
  kill(): Promise<void> {
    return this.process.kill();
  }

  /** SIGTERM (a clean shutdown), SIGKILL after 10 s. */
  stop(): Promise<void> {
    return this.process.stop();
  }
}
