/**
 * Where signed tree heads go besides the log: `file:<path>` appends each as one JSON line; `webhook:<url>` POSTs it
 * as JSON, retried with a doubling backoff (5 attempts from 1 s) before it is given up with an error logged.
 */
import type { Logger } from '@nestjs/common';
import { appendFileSync } from 'node:fs';
import type { SignedTreeHead } from '@shenbao/event-store';
import type { IntegritySink } from '@shenbao/host';

const ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 1000;

export class TreeHeadSink {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly sink: IntegritySink,
    private readonly logger: Logger,
    private readonly sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()),
  ) {}

  send(head: SignedTreeHead): void {
    if (this.sink.kind === 'file') {
      try {
        appendFileSync(this.sink.path, `${JSON.stringify(head)}\n`, { mode: 0o600 });
      } catch (e) {
        this.logger.error(`tree head of size ${head.size} could not be written to ${this.sink.path}: ${(e as Error).message}`);
      }
      return;
    }
    const delivery = this.post(this.sink.url, head).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  async drained(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async post(url: string, head: SignedTreeHead): Promise<void> {
    let problem = '';
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(head), signal: AbortSignal.timeout(10_000) });
        if (res.ok) return;
        problem = `HTTP ${res.status}`;
      } catch (e) {
        problem = (e as Error).message;
      }
      if (attempt < ATTEMPTS) await this.sleep(FIRST_BACKOFF_MS * 2 ** (attempt - 1));
    }
    this.logger.error(`tree head of size ${head.size} could not be delivered to the webhook after ${ATTEMPTS} attempts: ${problem}`);
  }
}
