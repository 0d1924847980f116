/**
 * Rebuilding a BullMQ schedule from the log, after Redis lost its data or when switching adapters. The rebuild is
 * DeadlineConsumer.resync; this only empties the queue first (so resync does not list and cancel every job one entry
 * at a time) and runs it with a consumer of its own.
 */
import type { EventStore } from '@shenbao/event-store';
import { DeadlineConsumer, type DefinitionResolver } from '../deadline.consumer';
import type { CheckpointStore, DeadlineScheduler } from '../deadline.types';

export interface ClearableDeadlineScheduler extends DeadlineScheduler {
  /** Drops every deadline not yet fired. */
  clear(): Promise<void>;
}

export interface ResyncOptions {
  store: EventStore;
  scheduler: ClearableDeadlineScheduler;
  resolveDefinition: DefinitionResolver;
  checkpoints: CheckpointStore;
  /** Reminders due before now are not planned again (default: the system clock). */
  now?: () => Date;
  batchSize?: number;
}

/**
 * Clears the schedule and replays the whole log; returns the new checkpoint. Run it with no DeadlineConsumer
 * following the log (at boot, before `start`), or the two race over the same entries.
 */
export async function resyncDeadlines(options: ResyncOptions): Promise<number> {
  await options.scheduler.clear();
  const consumer = new DeadlineConsumer({
    store: options.store,
    scheduler: options.scheduler,
    checkpoints: options.checkpoints,
    resolveDefinition: options.resolveDefinition,
    now: options.now,
    batchSize: options.batchSize,
  });
  return consumer.resync();
}

/**
 * At boot: rebuilds only when the checkpoint is missing (a fresh or emptied Redis). Catching up from position 0
 * instead would plan every past entry's deadlines and fire stale reminders; a rebuild plans only what is current.
 * Returns whether it rebuilt.
 */
export async function resyncDeadlinesIfLost(options: ResyncOptions & { checkpoints: CheckpointStore & { exists(): Promise<boolean> } }): Promise<boolean> {
  if (await options.checkpoints.exists()) return false;
  await resyncDeadlines(options);
  return true;
}
