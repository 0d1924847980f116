/**
 * The one contract every adapter passes. An adapter spec calls describeEventStoreContract with a factory that
 * opens a fresh, empty store (and, where the adapter can, hooks to reopen it and to tamper with a stored row).
 */
import { eventsAt, newEvent, range, take } from './contract.fixtures';
import { EventStoreError, WrongExpectedRevisionError } from './errors';
import { GENESIS_HASH, canonicalJson, verifyChain } from './hash-chain';
import { readsStoredRows } from './stored-row';
import type { EventStore, StoredEvent } from './port';
import { UpcasterRegistry } from './upcasters';

export interface ContractContext {
  store: EventStore;
  /** Closes nothing itself: the suite closes `store` first, then asks for a store over the same data. */
  reopen?: () => Promise<EventStore>;
  /** Changes one byte of the stored data of (stream, revision), behind the store's back. */
  tamper?: (stream: string, revision: number) => Promise<void>;
  /** Runs after the store is closed (temp files, …). */
  cleanup?: () => Promise<void>;
}

export type ContractFactory = (options?: { upcasters?: UpcasterRegistry }) => Promise<ContractContext>;

export interface ContractOptions {
  /** Hooks this adapter cannot offer (e.g. a server store cannot be tampered with); those tests are skipped. */
  skip?: ('reopen' | 'tamper')[];
}

export function describeEventStoreContract(name: string, factory: ContractFactory, options: ContractOptions = {}): void {
  describe(`${name}: event store contract`, () => {
    let ctx: ContractContext;
    let store: EventStore;
    const open = async (upcasters?: UpcasterRegistry): Promise<void> => {
      ctx = await factory(upcasters && { upcasters });
      store = ctx.store;
    };
    const itWith = (hook: 'reopen' | 'tamper') => (options.skip?.includes(hook) ? it.skip : it);

    beforeEach(() => open());
    afterEach(async () => {
      await store.close();
      await ctx.cleanup?.();
    });

    describe('expected revisions', () => {
      it('starts empty: head 0, missing stream at -1', async () => {
        expect(await store.headPosition()).toBe(0);
        expect(await store.streamRevision('case-1')).toBe(-1);
        expect(await store.readStream('case-1')).toEqual([]);
      });

      it('rejects no_stream on an existing stream with the actual revision', async () => {
        await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent()] }]);
        const again = store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent()] }]);
        await expect(again).rejects.toThrow(WrongExpectedRevisionError);
        await expect(again).rejects.toMatchObject({ stream: 'case-1', expected: 'no_stream', actual: 0 });
      });

      it('rejects a stale number, reporting actual (and -1 for a missing stream)', async () => {
        await store.append([{ stream: 'case-1', expectedRevision: 'any', events: [newEvent(), newEvent(), newEvent()] }]);
        const stale = store.append([{ stream: 'case-1', expectedRevision: 5, events: [newEvent()] }]);
        await expect(stale).rejects.toThrow('stream case-1: expected revision 5, actual 2');
        await expect(stale).rejects.toMatchObject({ expected: 5, actual: 2 });
        const missing = store.append([{ stream: 'case-2', expectedRevision: 0, events: [newEvent()] }]);
        await expect(missing).rejects.toMatchObject({ stream: 'case-2', expected: 0, actual: -1 });
      });

      it('accepts the current revision and reports the new one', async () => {
        const first = await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
        expect(first.streams).toEqual([{ stream: 'case-1', revision: 1 }]);
        const second = await store.append([{ stream: 'case-1', expectedRevision: 1, events: [newEvent()] }]);
        expect(second).toMatchObject({ streams: [{ stream: 'case-1', revision: 2 }], position: 3 });
      });

      it('refuses malformed writes with EventStoreError', async () => {
        const twice = [newEvent()];
        await expect(store.append([{ stream: 's', expectedRevision: 'any', events: [{ ...twice[0], type: '' }] }])).rejects.toThrow(
          EventStoreError,
        );
        await expect(
          store.append([
            { stream: 's', expectedRevision: 'any', events: twice },
            { stream: 's', expectedRevision: 'any', events: [newEvent()] },
          ]),
        ).rejects.toThrow('appears twice');
        expect(await store.headPosition()).toBe(0);
      });
    });

    describe('atomicity', () => {
      it('a conflict on one stream leaves every stream untouched and consumes no position', async () => {
        await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent()] }]);
        await store.append([{ stream: 'program-1', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
        const before = await store.readAll({ fromPosition: 0, limit: 100 });
        const write = store.append([
          { stream: 'case-1', expectedRevision: 0, events: [newEvent({ slot: 1 })] },
          { stream: 'program-1', expectedRevision: 0, events: [newEvent({ slot: 1 })] },
        ]);
        await expect(write).rejects.toMatchObject({ stream: 'program-1', actual: 1 });
        expect(await store.readAll({ fromPosition: 0, limit: 100 })).toEqual(before);
        expect(await store.streamRevision('case-1')).toBe(0);
        const next = await store.append([
          { stream: 'case-1', expectedRevision: 0, events: [newEvent()] },
          { stream: 'program-1', expectedRevision: 1, events: [newEvent()] },
        ]);
        expect(next.events.map((e) => e.position)).toEqual([4, 5]);
        expect(next.streams).toEqual([
          { stream: 'case-1', revision: 1 },
          { stream: 'program-1', revision: 2 },
        ]);
      });
    });

    it('a write without events only checks its expected revision', async () => {
      await store.append([{ stream: 'program-1', expectedRevision: 'no_stream', events: [newEvent()] }]);
      const guarded = (expectedRevision: number) =>
        store.append([
          { stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent()] },
          { stream: 'program-1', expectedRevision, events: [] },
        ]);
      await expect(guarded(5)).rejects.toMatchObject({ stream: 'program-1', actual: 0 });
      await expect(guarded(0)).resolves.toMatchObject({ position: 2, streams: [{ revision: 0 }, { revision: 0 }] });
    });

    describe('ordering', () => {
      it('positions are 1..n in append order, revisions contiguous per stream', async () => {
        for (let i = 0; i < 10; i += 1) {
          const result = await store.append([
            { stream: `case-${i % 3}`, expectedRevision: 'any', events: [newEvent({ i }), newEvent({ i })] },
          ]);
          expect(result.position).toBe(2 * i + 2);
        }
        const all = await store.readAll({ fromPosition: 0, limit: 1000 });
        expect(all.map((e) => e.position)).toEqual(range(1, 20));
        for (const stream of ['case-0', 'case-1', 'case-2']) {
          const events = await store.readStream(stream);
          expect(events.map((e) => e.revision)).toEqual(range(0, events.length - 1));
          expect(events).toEqual(all.filter((e) => e.stream === stream));
        }
      });

      it('chains hashes from the genesis hash', async () => {
        await store.append([{ stream: 'case-1', expectedRevision: 'any', events: [newEvent(), newEvent()] }]);
        const [first, second] = await store.readStream('case-1');
        expect(first.metadata.prevHash).toBe(GENESIS_HASH);
        expect(first.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(second.metadata.prevHash).toBe(first.metadata.hash);
      });
    });

    describe('subscribeAll', () => {
      it('catches up, then follows 3 concurrent appenders with every position once, in order', async () => {
        for (let i = 0; i < 50; i += 1) await store.append([{ stream: 'seed', expectedRevision: i - 1, events: [newEvent()] }]);
        const fromStart = store.subscribeAll(0, { batchSize: 16 });
        const fromMiddle = store.subscribeAll(25);
        const reading = Promise.all([take(fromStart, 650), take(fromMiddle, 625)]);
        await Promise.all(
          ['a', 'b', 'c'].map(async (name) => {
            for (let i = 0; i < 200; i += 1) {
              await store.append([{ stream: `app-${name}`, expectedRevision: i - 1, events: [newEvent({ i })] }]);
            }
          }),
        );
        const [all, tail] = await reading;
        expect(all.map((e) => e.position)).toEqual(range(1, 650));
        expect(tail.map((e) => e.position)).toEqual(range(26, 650));
        for (const name of ['a', 'b', 'c']) {
          expect(all.filter((e) => e.stream === `app-${name}`).map((e) => e.revision)).toEqual(range(0, 199));
        }
      });

      it('close() ends a pending iteration', async () => {
        await store.append([{ stream: 's', expectedRevision: 'any', events: [newEvent()] }]);
        const subscription = store.subscribeAll(0);
        const seen: StoredEvent[] = [];
        const done = (async () => {
          for await (const event of subscription) {
            seen.push(event);
            if (seen.length === 1) void subscription.close();
          }
        })();
        await expect(done).resolves.toBeUndefined();
        expect(seen).toHaveLength(1);
      });
    });

    describe('reads', () => {
      it('readStream honours fromRevision, toPosition and toInstant', async () => {
        const instants = ['2026-03-01T08:00:00Z', '2026-03-02T08:00:00Z', '2026-03-03T08:00:00+08:00', '2026-03-04T08:00:00Z'];
        for (const event of eventsAt(instants)) {
          await store.append([{ stream: 'case-1', expectedRevision: 'any', events: [event] }]);
          await store.append([{ stream: 'other', expectedRevision: 'any', events: [newEvent()] }]);
        }
        const revisions = (events: StoredEvent[]) => events.map((e) => e.revision);
        expect(revisions(await store.readStream('case-1', { fromRevision: 2 }))).toEqual([2, 3]);
        expect(revisions(await store.readStream('case-1', { toPosition: 5 }))).toEqual([0, 1, 2]);
        expect(revisions(await store.readStream('case-1', { toPosition: 4 }))).toEqual([0, 1]);
        expect(revisions(await store.readStream('case-1', { toInstant: '2026-03-02T08:00:00Z' }))).toEqual([0, 1]);
        expect(revisions(await store.readStream('case-1', { toInstant: new Date('2026-03-03T00:00:00Z') }))).toEqual([0, 1, 2]);
        await expect(store.readStream('case-1', { toInstant: 'not a date' })).rejects.toThrow(EventStoreError);
      });

      it('readAll pages by exclusive fromPosition and limit', async () => {
        await store.append([{ stream: 's', expectedRevision: 'any', events: range(1, 25).map((i) => newEvent({ i })) }]);
        const pages: number[][] = [];
        for (let from = 0; ; ) {
          const page = await store.readAll({ fromPosition: from, limit: 10 });
          if (page.length === 0) break;
          pages.push(page.map((e) => e.position));
          from = page[page.length - 1].position;
        }
        expect(pages).toEqual([range(1, 10), range(11, 20), range(21, 25)]);
        await expect(store.readAll({ fromPosition: 0, limit: 0 })).rejects.toThrow(EventStoreError);
      });

      it('readAll of some types gives just those, in position order, paged by fromPosition and limit', async () => {
        const typed = (type: string, i: number) => ({ ...newEvent({ i }), type });
        await store.append([{ stream: 'user-a', expectedRevision: 'any', events: [typed('UserRegistered', 1), typed('Noise', 2)] }]);
        await store.append([{ stream: 'case-1', expectedRevision: 'any', events: [typed('Noise', 3), typed('ExpertRegistered', 4)] }]);
        await store.append([{ stream: 'user-b', expectedRevision: 'any', events: [typed('UserRegistered', 5), typed('UserDeactivated', 6)] }]);
        const wanted = ['UserRegistered', 'ExpertRegistered', 'UserDeactivated'];
        const all = await store.readAll({ fromPosition: 0, limit: 100, types: wanted });
        expect(all.map((e) => [e.position, e.type])).toEqual([[1, 'UserRegistered'], [4, 'ExpertRegistered'], [5, 'UserRegistered'], [6, 'UserDeactivated']]);
        expect((await store.readAll({ fromPosition: 1, limit: 2, types: wanted })).map((e) => e.position)).toEqual([4, 5]);
        expect(await store.readAll({ fromPosition: 0, limit: 10, types: [] })).toEqual([]);
        expect((await store.readAll({ fromPosition: 0, limit: 10, types: ['Noise'] })).map((e) => (e.data as { i: number }).i)).toEqual([2, 3]);
        await expect(store.readAll({ fromPosition: 0, limit: 10, types: 'Noise' as unknown as string[] })).rejects.toThrow(EventStoreError);
      });

      it('hands out copies: mutating a read event changes nothing stored', async () => {
        await store.append([{ stream: 's', expectedRevision: 'any', events: [newEvent({ n: 1 })] }]);
        const [event] = await store.readStream('s');
        (event.data as { n: number }).n = 2;
        expect((await store.readStream('s'))[0].data).toMatchObject({ n: 1 });
        expect(await store.verify('s')).toEqual({ ok: true, checked: 1 });
      });
    });

    describe('idempotent ids', () => {
      it('stores an id once and reports the original position on a retry', async () => {
        const event = newEvent();
        await store.append([{ stream: 'other', expectedRevision: 'any', events: [newEvent()] }]);
        const first = await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [event] }]);
        const retry = await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [event] }]);
        expect(first.position).toBe(2);
        expect(retry).toEqual({
          streams: [{ stream: 'case-1', revision: 0 }],
          position: 2,
          events: [{ id: event.id, stream: 'case-1', revision: 0, position: 2, duplicate: true }],
        });
        expect(await store.headPosition()).toBe(2);
      });

      it('stores only the new events of a mixed batch, still checking its expected revision', async () => {
        const known = newEvent();
        await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [known] }]);
        const fresh = newEvent();
        await expect(store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [known, fresh] }])).rejects.toThrow(
          WrongExpectedRevisionError,
        );
        const mixed = await store.append([{ stream: 'case-1', expectedRevision: 0, events: [known, fresh, fresh] }]);
        expect(mixed.events.map((e) => [e.position, e.duplicate])).toEqual([
          [1, true],
          [2, false],
          [2, true],
        ]);
        expect((await store.readStream('case-1')).map((e) => e.id)).toEqual([known.id, fresh.id]);
      });
    });

    describe('hash chain', () => {
      itWith('tamper')('verify finds one changed byte in stored data', async () => {
        await store.append([{ stream: 'case-1', expectedRevision: 'any', events: [newEvent(), newEvent(), newEvent()] }]);
        await store.append([{ stream: 'case-2', expectedRevision: 'any', events: [newEvent()] }]);
        expect(await store.verify('case-1')).toEqual({ ok: true, checked: 3 });
        await requireHook(ctx.tamper, 'tamper')('case-1', 1);
        expect(await store.verify('case-1')).toMatchObject({ ok: false, brokenAt: 1 });
        expect(await store.verify('case-2')).toEqual({ ok: true, checked: 1 });
        expect(await store.verify('missing')).toEqual({ ok: true, checked: 0 });
      });

      itWith('reopen')('continues revisions, positions and the chain after reopening', async () => {
        await store.append([{ stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
        await store.close();
        store = await requireHook(ctx.reopen, 'reopen')();
        expect(await store.streamRevision('case-1')).toBe(1);
        const result = await store.append([{ stream: 'case-1', expectedRevision: 1, events: [newEvent()] }]);
        expect(result).toMatchObject({ position: 3, streams: [{ stream: 'case-1', revision: 2 }] });
        const events = await store.readStream('case-1');
        expect(events[2].metadata.prevHash).toBe(events[1].metadata.hash);
        expect(await store.verify('case-1')).toEqual({ ok: true, checked: 3 });
      });
    });

    describe('upcasters', () => {
      it('lifts old schema versions on read, step by step, without touching the stored form', async () => {
        await store.close();
        await ctx.cleanup?.();
        const upcasters = new UpcasterRegistry()
          .register('ApplicationSubmitted', 1, (e) => ({ ...e, data: { city: (e.data as { region: string }).region } }))
          .register('ApplicationSubmitted', 2, (e) => ({ ...e, data: { ...(e.data as object), channel: 'online' } }));
        await open(upcasters);
        const v1 = newEvent({}, { type: 'ApplicationSubmitted', data: { region: '广州' } });
        const v2 = newEvent({}, { type: 'ApplicationSubmitted', data: { city: '深圳' }, metadata: { ...v1.metadata, schemaVersion: 2 } });
        await store.append([{ stream: 'case-1', expectedRevision: 'any', events: [v1, v2, newEvent()] }]);
        const events = await store.readStream('case-1');
        expect(events.map((e) => [e.data, e.metadata.schemaVersion])).toEqual([
          [{ city: '广州', channel: 'online' }, 3],
          [{ city: '深圳', channel: 'online' }, 3],
          [{ note: 'note' }, 1],
        ]);
        expect(await store.readAll({ fromPosition: 0, limit: 10 })).toEqual(events);
        expect(await store.verify('case-1')).toEqual({ ok: true, checked: 3 });

        // The stored form (what the integrity check verifies and a verifiable record carries): as written, never upcast.
        if (!readsStoredRows(store)) throw new Error('every adapter hands out its stored rows (StoredRowReader)');
        const stored = await store.readStreamStored('case-1');
        expect(stored.map((r) => [JSON.parse(r.data), JSON.parse(r.metadata).schemaVersion])).toEqual([
          [{ region: '广州' }, 1],
          [{ city: '深圳' }, 2],
          [{ note: 'note' }, 1],
        ]);
        expect(stored.map((r) => r.data)).toEqual([v1, v2].map((e) => canonicalJson(e.data)).concat(stored[2]!.data));
        expect(await store.readStored(0, 10)).toEqual(stored);
        expect(await store.readStored(1, 1)).toEqual([stored[1]]);
        expect(verifyChain(stored)).toEqual({ ok: true, checked: 3 });
      });
    });

    it('refuses calls after close', async () => {
      await store.close();
      await expect(store.headPosition()).rejects.toThrow('closed');
      await store.close(); // closing twice is harmless (afterEach closes it once more)
    });
  });
}

function requireHook<T>(hook: T | undefined, name: string): T {
  if (hook === undefined) throw new Error(`the factory offers no ${name} hook; list it in options.skip instead`);
  return hook;
}
