import { newEvent } from './contract.fixtures';
import { FollowerFailedError, FollowerStoppedError, LogFollower } from './log-follower';
import type { ErrorPolicy, FollowerHandler, FollowerIncident } from './log-follower';
import { MemoryEventStore } from './memory.event-store';
import type { StoredEvent } from './port';

/** A handler whose "table" and checkpoint change together or not at all, as one SQLite transaction would. */
class Recorder implements FollowerHandler {
  readonly name = 'recorder';
  applied: number[] = [];
  checkpoint: number;
  batches: number[][] = [];
  failOn = new Set<number>();
  failures = 0;

  constructor(
    readonly options: { types?: string[]; batchSize?: number; errorPolicy?: ErrorPolicy; from?: number } = {},
  ) {
    this.checkpoint = options.from ?? 0;
  }

  get types() {
    return this.options.types;
  }
  get batchSize() {
    return this.options.batchSize;
  }
  get errorPolicy() {
    return this.options.errorPolicy;
  }

  start(): number {
    return this.checkpoint;
  }

  handle(events: readonly StoredEvent[], checkpoint: number): void {
    const bad = events.find((e) => this.failOn.has(e.position));
    if (bad) {
      this.failures++;
      throw new Error(`cannot apply ${bad.position}`);
    }
    this.applied.push(...events.map((e) => e.position));
    this.batches.push(events.map((e) => e.position));
    this.checkpoint = checkpoint;
  }
}

async function storeWith(types: string[]): Promise<MemoryEventStore> {
  const store = new MemoryEventStore();
  for (const type of types) await store.append([{ stream: 's-1', expectedRevision: 'any', events: [newEvent({}, { type })] }]);
  return store;
}

describe('LogFollower', () => {
  it('starts after its checkpoint, reads only its types in batches, and checkpoints each batch', async () => {
    const store = await storeWith(['A', 'B', 'A', 'A', 'B', 'A', 'A']);
    const handler = new Recorder({ types: ['A'], batchSize: 2, from: 1 });
    const follower = new LogFollower(store, handler);
    await expect(follower.catchUp()).resolves.toBe(7);
    expect(handler.batches).toEqual([[3, 4], [6, 7]]);
    expect(handler.checkpoint).toBe(7);
    expect(follower.appliedPosition).toBe(7);
  });

  it('sees an append made before the call, by this store or another one on the same log', async () => {
    const store = await storeWith(['A']);
    const handler = new Recorder();
    const follower = new LogFollower(store, handler);
    await follower.catchUp();
    const other = new MemoryEventStore({ log: store.log });
    await other.append([{ stream: 's-2', expectedRevision: 'any', events: [newEvent()] }]);
    await follower.catchUp();
    expect(handler.applied).toEqual([1, 2]);
  });

  it('stop: the run fails naming the position, nothing of the batch is kept, and a later run tries again', async () => {
    const store = await storeWith(['A', 'A', 'A']);
    const handler = new Recorder({ batchSize: 2 });
    handler.failOn.add(3);
    const follower = new LogFollower(store, handler);
    const run = follower.catchUp();
    await expect(run).rejects.toThrow(FollowerFailedError);
    await expect(run).rejects.toThrow(/recorder.*position 2.*cannot apply 3/);
    expect(handler.checkpoint).toBe(2);
    handler.failOn.clear();
    await expect(follower.catchUp()).resolves.toBe(3);
    expect(handler.applied).toEqual([1, 2, 3]);
  });

  it('retry: tries again with a doubling, capped backoff, then stops', async () => {
    const store = await storeWith(['A']);
    const handler = new Recorder({ errorPolicy: { kind: 'retry', attempts: 4, backoffMs: 10, maxBackoffMs: 25 } });
    handler.failOn.add(1);
    const sleeps: number[] = [];
    const follower = new LogFollower(store, handler, { sleep: async (ms) => void sleeps.push(ms) });
    await expect(follower.catchUp()).rejects.toThrow(FollowerFailedError);
    expect(sleeps).toEqual([10, 20, 25]);
    expect(handler.failures).toBe(4);
  });

  it('retry: a failure that passes is applied once', async () => {
    const store = await storeWith(['A']);
    const handler = new Recorder({ errorPolicy: { kind: 'retry', attempts: 3, backoffMs: 1 } });
    handler.failOn.add(1);
    const follower = new LogFollower(store, handler, { sleep: async () => void handler.failOn.clear() });
    await expect(follower.catchUp()).resolves.toBe(1);
    expect(handler.applied).toEqual([1]);
  });

  it('skip: records the failing event as an incident, keeps the others, and moves the checkpoint past it', async () => {
    const store = await storeWith(['A', 'B', 'A']);
    const incidents: FollowerIncident[] = [];
    const handler = new Recorder({ errorPolicy: { kind: 'skip', record: (i) => void incidents.push(i) } });
    handler.failOn.add(2).add(3);
    const follower = new LogFollower(store, handler);
    await expect(follower.catchUp()).resolves.toBe(3);
    expect(handler.applied).toEqual([1]);
    expect(handler.checkpoint).toBe(3);
    expect(incidents.map((i) => i.position)).toEqual([2, 3]);
    expect(incidents[0]).toEqual(expect.objectContaining({ follower: 'recorder', position: 2, type: 'B', error: 'cannot apply 2' }));
  });

  it('wakes waiters once their position is applied and reports its position and lag', async () => {
    const store = await storeWith(['A', 'A']);
    const handler = new Recorder({ from: 0 });
    const follower = new LogFollower(store, handler);
    const waiting = follower.waitFor(2, 5000);
    await follower.catchUp();
    await expect(waiting).resolves.toBe(true);
    await store.append([{ stream: 's-1', expectedRevision: 'any', events: [newEvent()] }]);
    await expect(follower.metrics()).resolves.toEqual({ follower: 'recorder', position: 2, head: 3, lag: 1 });
  });

  it('follows live appends until stopped', async () => {
    const store = await storeWith(['A']);
    const handler = new Recorder();
    const follower = new LogFollower(store, handler);
    await follower.catchUp();
    follower.follow((e) => {
      throw e;
    });
    await store.append([{ stream: 's-1', expectedRevision: 'any', events: [newEvent(), newEvent()] }]);
    await expect(follower.waitFor(3, 5000)).resolves.toBe(true);
    await follower.stop();
    expect(handler.applied).toEqual([1, 2, 3]);
    expect(handler.checkpoint).toBe(3);
  });

  it('says when the live subscription ends without stop() (the store was closed), and not after stop()', async () => {
    const store = await storeWith(['A']);
    const ended: string[] = [];
    const follower = new LogFollower(store, new Recorder());
    follower.follow((e) => void ended.push(`error: ${String(e)}`), { onEnd: () => void ended.push('ended') });
    await expect(follower.waitFor(1, 5000)).resolves.toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await store.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ended).toEqual(['ended']);
    await follower.stop();

    const other = await storeWith(['A']);
    const stopped = new LogFollower(other, new Recorder());
    stopped.follow(() => undefined, { onEnd: () => void ended.push('ended after stop') });
    await stopped.waitFor(1, 5000);
    await stopped.stop();
    await other.close();
    expect(ended).toEqual(['ended']);
  });

  it('retry without end: reports every failed attempt, and stop() ends the wait', async () => {
    const store = await storeWith(['A']);
    const reported: number[] = [];
    const handler = new Recorder({ errorPolicy: { kind: 'retry', attempts: Infinity, backoffMs: 60_000, report: (_e, attempt) => void reported.push(attempt) } });
    handler.failOn.add(1);
    let slept!: () => void;
    const asleep = new Promise<void>((resolve) => (slept = resolve));
    const follower = new LogFollower(store, handler, { sleep: () => (slept(), new Promise(() => undefined)) });
    const run = follower.catchUp();
    await asleep;
    await follower.stop();
    await expect(run).rejects.toThrow(FollowerStoppedError);
    expect(reported).toEqual([1]);
    expect(handler.checkpoint).toBe(0);
  });

  it('rewind: the next run asks the handler where to start again', async () => {
    const store = await storeWith(['A', 'A', 'A']);
    const handler = new Recorder();
    const follower = new LogFollower(store, handler);
    await follower.catchUp();
    handler.checkpoint = 1;
    follower.rewind();
    await follower.catchUp();
    expect(handler.applied).toEqual([1, 2, 3, 2, 3]);
  });
});
