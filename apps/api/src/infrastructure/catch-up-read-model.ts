/**
 * A small in-process read model fed from the event log: it remembers the last position it applied and, on
 * `catchUp()`, applies what was appended since (by this process or another one on the same store) of the event types
 * it names. Calls are
 * queued, so a `catchUp()` started after an append always sees that append. Used for the user directory, the expert
 * pool and the workflow catalog until libs/projections provides durable ones.
 */
import type { EventStore, StoredEvent } from '@shenbao/event-store';

const BATCH = 1000;

export abstract class CatchUpReadModel {
  private position = 0;
  private queue: Promise<void> = Promise.resolve();

  /** `types`: the event types it applies, the only ones it reads (by index: a start does not scan the log). */
  constructor(
    protected readonly store: EventStore,
    private readonly types: readonly string[],
  ) {}

  /** Applies one event of its `types`. */
  protected abstract apply(event: StoredEvent): void;

  get appliedPosition(): number {
    return this.position;
  }

  catchUp(): Promise<void> {
    const run = this.queue.then(() => this.readNew());
    // A failed read must not block later ones; the caller still sees its own failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const batch = await this.store.readAll({ fromPosition: this.position, limit: BATCH, types: this.types });
      for (const e of batch) {
        this.apply(e);
        this.position = e.position;
      }
      if (batch.length < BATCH) return;
    }
  }
}
