import { DomainError } from '@shenbao/domain';
import { MemoryEventStore } from '@shenbao/event-store';
import type { NewEvent } from '@shenbao/event-store';
import { MetricsService } from '../observability/metrics.service';
import { CommandRunner } from './command-runner';
import { StreamTurns } from './stream-turns';
import type { CommandContext, StreamSpec } from './command-runner';

type Counted = { type: 'Counted'; data: { n: number } };
const counter = { initialState: 0, evolve: (s: number, _e: Counted) => s + 1 };
const at = new Date('2019-02-27T08:00:00.000Z');
const ctx: CommandContext = { actor: { userId: 'u1', role: 'admin' }, correlationId: 'corr-1', idempotencyKey: 'idem-1' };

const meta = { actor: 'other', role: 'admin', at: at.toISOString(), correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const foreign = (id: string): NewEvent => ({ id, type: 'Counted', data: { n: -1 }, metadata: meta });

describe('CommandRunner', () => {
  let store: MemoryEventStore;
  let metrics: MetricsService;
  let turns: StreamTurns;
  let runner: CommandRunner;

  beforeEach(() => {
    store = new MemoryEventStore();
    metrics = new MetricsService();
    turns = new StreamTurns();
    runner = new CommandRunner(store, () => at, metrics, turns);
  });

  const count = <K extends string>(stream: K, expectedRevision?: number) =>
    ({ [stream]: { stream, model: counter, expectedRevision } }) as unknown as Record<K, StreamSpec<number, Counted>>;
  const ev = (n: number, id?: string): Counted & { id?: string } => ({ type: 'Counted', data: { n }, ...(id ? { id } : {}) });

  it('folds the streams, decides and appends with metadata', async () => {
    await store.append([{ stream: 'a', expectedRevision: 'no_stream', events: [foreign('e0')] }]);
    const seen: number[] = [];
    const result = await runner.run('Count', count('a'), (loaded, now) => {
      seen.push(loaded.a.state, loaded.a.revision);
      expect(now).toBe(at);
      return { a: [ev(1)] };
    }, ctx);
    expect(seen).toEqual([1, 0]);
    expect(result).toEqual({ revisions: { a: 1 }, position: 2, appended: 1 });
    const [, stored] = await store.readStream('a');
    expect(stored.metadata).toMatchObject({
      actor: 'u1', role: 'admin', at: at.toISOString(), correlationId: 'corr-1', causationId: 'corr-1', idempotencyKey: 'idem-1', schemaVersion: 1,
    });
    expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('creates new streams with no_stream and keeps fixed ids', async () => {
    const first = await runner.run('Count', count('fresh'), () => ({ fresh: [ev(1, 'fixed-1')] }), ctx);
    expect(first.revisions.fresh).toBe(0);
    expect((await store.readStream('fresh'))[0].id).toBe('fixed-1');
  });

  it('appends to several streams atomically', async () => {
    const specs = { ...count('a'), ...count('b') };
    const result = await runner.run('Count', specs, () => ({ a: [ev(1)], b: [ev(2), ev(3)] }), ctx);
    expect(result.revisions).toEqual({ a: 0, b: 1 });
    expect(result.position).toBe(3);
  });

  it('decides again after a concurrent write', async () => {
    const states: number[] = [];
    const result = await runner.run('Count', count('a'), (loaded) => {
      states.push(loaded.a.state);
      // Another writer sneaks in between this load and the append (only the first time).
      if (states.length === 1) void store.append([{ stream: 'a', expectedRevision: 'any', events: [foreign('sneak')] }]);
      return { a: [ev(loaded.a.state)] };
    }, ctx);
    expect(states).toEqual([0, 1]);
    expect(result.revisions.a).toBe(1);
    expect((await store.readStream('a')).map((e) => e.data)).toEqual([{ n: -1 }, { n: 1 }]);
    expect(await metrics.text()).toContain('shenbao_command_retries_total{type="Count"} 1');
  });

  it('also retries when a stream it only read has moved', async () => {
    let calls = 0;
    const specs = { ...count('a'), ...count('rules') };
    await runner.run('Count', specs, () => {
      calls++;
      if (calls === 1) void store.append([{ stream: 'rules', expectedRevision: 'any', events: [foreign('r1')] }]);
      return { a: [ev(1)] };
    }, ctx);
    expect(calls).toBe(2);
  });

  it('refuses a stale If-Match revision without deciding', async () => {
    await store.append([{ stream: 'a', expectedRevision: 'no_stream', events: [foreign('e0'), foreign('e1')] }]);
    const decide = jest.fn(() => ({}));
    await expect(runner.run('Count', count('a', 0), decide, ctx)).rejects.toMatchObject({ code: 'REVISION_CONFLICT', details: { currentRevision: 1 } });
    expect(decide).not.toHaveBeenCalled();
  });

  it('does not retry a pinned revision that moved during the command', async () => {
    await store.append([{ stream: 'a', expectedRevision: 'no_stream', events: [foreign('e0')] }]);
    let calls = 0;
    await expect(runner.run('Count', count('a', 0), () => {
      calls++;
      void store.append([{ stream: 'a', expectedRevision: 'any', events: [foreign(`x${calls}`)] }]);
      return { a: [ev(1)] };
    }, ctx)).rejects.toMatchObject({ code: 'REVISION_CONFLICT', details: { currentRevision: 1 } });
    expect(calls).toBe(1);
  });

  it('gives up with REVISION_CONFLICT after five retries', async () => {
    let calls = 0;
    await expect(runner.run('Count', count('hot'), () => {
      calls++;
      void store.append([{ stream: 'hot', expectedRevision: 'any', events: [foreign(`h${calls}`)] }]);
      return { hot: [ev(1)] };
    }, ctx)).rejects.toMatchObject({ code: 'REVISION_CONFLICT' });
    expect(calls).toBe(6);
  });

  it('appends nothing when the decision is empty', async () => {
    await store.append([{ stream: 'a', expectedRevision: 'no_stream', events: [foreign('e0')] }]);
    const result = await runner.run('Count', count('a'), () => ({}), ctx);
    expect(result).toEqual({ revisions: { a: 0 }, position: 1, appended: 0 });
    expect(await store.headPosition()).toBe(1);
  });

  it('passes domain errors through and counts outcomes', async () => {
    await expect(runner.run('Count', count('a'), () => {
      throw new DomainError('QUOTA_REACHED', 'full');
    }, ctx)).rejects.toMatchObject({ code: 'QUOTA_REACHED' });
    await runner.run('Count', count('a'), () => ({ a: [ev(1)] }), ctx);
    const text = await metrics.text();
    expect(text).toContain('shenbao_commands_total{type="Count",outcome="QUOTA_REACHED"} 1');
    expect(text).toContain('shenbao_commands_total{type="Count",outcome="ok"} 1');
    expect(text).toContain('shenbao_events_appended_total 1');
  });

  it('refuses a decision for a stream it did not load', async () => {
    const decide = () => ({ other: [ev(1)] }) as unknown as Record<string, never>;
    await expect(runner.run('Count', count('a'), decide, ctx)).rejects.toThrow('decision names stream key "other"');
  });

  describe('in one process', () => {
    const unguarded = <K extends string>(stream: K) =>
      ({ [stream]: { stream, model: counter, guard: false } }) as unknown as Record<K, StreamSpec<number, Counted>>;

    it('lets concurrent commands on one stream take turns: each decides on the state the previous one left', async () => {
      const seen: number[] = [];
      await Promise.all(Array.from({ length: 8 }, () => runner.run('Count', count('a'), (loaded) => {
        seen.push(loaded.a.revision);
        return { a: [ev(loaded.a.state)] };
      }, ctx)));
      expect(seen).toEqual([-1, 0, 1, 2, 3, 4, 5, 6]);
      expect(await metrics.text()).not.toContain('shenbao_command_retries_total{type="Count"}');
      expect(turns.queue.size).toBe(0);
    });

    it('takes an unguarded stream once a decision writes it, so writers of a shared stream never race', async () => {
      const decisions: string[] = [];
      const own = (i: number) => ({ ...count(`own-${i}`), ...unguarded('shared') }) as Record<string, StreamSpec<number, Counted>>;
      await Promise.all(Array.from({ length: 6 }, (_, i) => runner.run('Count', own(i), (loaded) => {
        decisions.push(`${i}@${loaded.shared.revision}`);
        return { [`own-${i}`]: [ev(i)], shared: [ev(i)] };
      }, ctx)));
      expect(await metrics.text()).not.toContain('shenbao_command_retries_total{type="Count"}');
      expect((await store.readStream('shared')).map((e) => e.data)).toHaveLength(6);
      expect(turns.queue.size).toBe(0);
    });

    it('waits for a held stream only when it writes it: readers of an unguarded stream are not held up', async () => {
      const release = await turns.queue.acquire(['shared']);
      let wrote = false;
      const writer = runner
        .run('Count', { ...count('mine'), ...unguarded('shared') }, () => ({ mine: [ev(1)], shared: [ev(1)] }), ctx)
        .then(() => (wrote = true));
      const read = await runner.run('Count', { ...count('own'), ...unguarded('shared') }, (loaded) => ({ own: [ev(loaded.shared.state)] }), ctx);
      expect(read.appended).toBe(1);
      expect(wrote).toBe(false);
      release();
      await writer;
      expect((await store.readStream('shared')).length).toBe(1);
    });

    it('releases its streams whatever the decision does', async () => {
      await expect(runner.run('Count', count('a'), () => {
        throw new DomainError('QUOTA_REACHED', 'full');
      }, ctx)).rejects.toMatchObject({ code: 'QUOTA_REACHED' });
      await expect(runner.run('Count', count('a', 7), () => ({}), ctx)).rejects.toMatchObject({ code: 'REVISION_CONFLICT' });
      expect(turns.queue.size).toBe(0);
      await runner.run('Count', count('a'), () => ({ a: [ev(1)] }), ctx);
      expect(turns.queue.size).toBe(0);
    });
  });

  describe('with appends in flight (a store that applies them in order at its next group commit)', () => {
    /** Like SQLite's group commit: appends wait for `commit()`, then apply in the order they were made. */
    class GroupStore extends MemoryEventStore {
      private queued: (() => void)[] = [];
      override append(writes: Parameters<MemoryEventStore['append']>[0]) {
        return new Promise<Awaited<ReturnType<MemoryEventStore['append']>>>((resolve, reject) => {
          this.queued.push(() => void super.append(writes).then(resolve, reject));
        });
      }
      commit(): void {
        const queued = this.queued;
        this.queued = [];
        queued.forEach((apply) => apply());
      }
      get waiting(): number {
        return this.queued.length;
      }
    }

    let group: GroupStore;
    beforeEach(() => {
      group = new GroupStore();
      runner = new CommandRunner(group, () => at, metrics, turns);
    });

    /** Lets the runners get to their appends: commits whenever something waits, until `done` settles. */
    async function committing<T>(done: Promise<T>): Promise<T> {
      let finished = false;
      void done.then(() => (finished = true), () => (finished = true));
      while (!finished) {
        await new Promise((resolve) => setImmediate(resolve));
        group.commit();
      }
      return done;
    }

    it('passes the turn when the append is made: the next command decides on top of it, in the same commit', async () => {
      const seen: number[] = [];
      const runs = Promise.all([0, 1, 2].map(() => runner.run('Count', count('a'), (loaded) => {
        seen.push(loaded.a.revision);
        return { a: [ev(loaded.a.state)] };
      }, ctx)));
      await new Promise((resolve) => setImmediate(resolve));
      expect(group.waiting).toBe(3);
      const results = await committing(runs);
      expect(seen).toEqual([-1, 0, 1]);
      expect(results.map((r) => r.revisions.a)).toEqual([0, 1, 2]);
      expect((await group.readStream('a')).map((e) => e.data)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      expect(await metrics.text()).not.toContain('shenbao_command_retries_total{type="Count"}');
      expect(turns.inFlight.size).toBe(0);
    });

    it('decides again when the append it built on fails (another process wrote first)', async () => {
      const seen: number[] = [];
      const decide = (loaded: { a: { revision: number; state: number } }) => {
        seen.push(loaded.a.revision);
        return { a: [ev(loaded.a.state)] };
      };
      const runs = Promise.all([runner.run('Count', count('a'), decide, ctx), runner.run('Count', count('a'), decide, ctx)]);
      await new Promise((resolve) => setImmediate(resolve));
      // Another process's event lands first: both in-flight appends fail their check and are decided again.
      await MemoryEventStore.prototype.append.call(group, [{ stream: 'a', expectedRevision: 'no_stream', events: [foreign('other')] }]);
      await committing(runs);
      expect(seen.slice(0, 2)).toEqual([-1, 0]);
      const stored = (await group.readStream('a')).map((e) => e.data);
      expect(stored).toEqual([{ n: -1 }, { n: 1 }, { n: 2 }]);
      expect(turns.inFlight.size).toBe(0);
      expect(turns.queue.size).toBe(0);
    });

    it('does not answer a decision with nothing to append before what it saw in flight has settled', async () => {
      const first = runner.run('Count', count('a'), () => ({ a: [ev(1)] }), ctx);
      const empty = runner.run('Count', count('a'), () => ({}), ctx);
      const [, result] = await committing(Promise.all([first, empty]));
      expect(result).toEqual({ revisions: { a: 0 }, position: 1, appended: 0 });
    });
  });
});
