import type { StreamWrite } from '@shenbao/event-store';
import { InFlightWrites } from './stream-turns';

const meta = { actor: 'u', role: 'admin', at: '2019-03-01T00:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
const write = (stream: string, expectedRevision: StreamWrite['expectedRevision'], ...ns: number[]): StreamWrite => ({
  stream,
  expectedRevision,
  events: ns.map((n) => ({ id: `e${n}`, type: 'Counted', data: { n }, metadata: meta })),
});
const ns = (r: { events: { data: unknown }[] }) => r.events.map((e) => (e.data as { n: number }).n);

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('InFlightWrites', () => {
  it('gives the in-flight events that follow a revision, in order, and the revision they reach', () => {
    const w = new InFlightWrites();
    w.track([write('a', 'no_stream', 1, 2)], deferred().promise);
    w.track([write('a', 1, 3), write('b', 4, 9)], deferred().promise);
    expect(w.after('a', -1)).toMatchObject({ revision: 2 });
    expect(ns(w.after('a', -1))).toEqual([1, 2, 3]);
    // Already in the store up to revision 1: only what follows.
    expect(ns(w.after('a', 1))).toEqual([3]);
    expect(w.after('a', 2)).toEqual({ events: [], revision: 2 });
    expect(w.after('b', 4)).toMatchObject({ revision: 5 });
    expect(w.after('c', 7)).toEqual({ events: [], revision: 7 });
  });

  it('stops at a gap: events that do not follow the stored revision are not decided on', () => {
    const w = new InFlightWrites();
    w.track([write('a', 5, 6)], deferred().promise);
    expect(w.after('a', 3)).toEqual({ events: [], revision: 3 });
  });

  it('forgets an append once it settles, whether it succeeded or failed', async () => {
    const w = new InFlightWrites();
    const ok = deferred();
    const failed = deferred();
    w.track([write('a', 'no_stream', 1)], ok.promise);
    w.track([write('a', 0, 2), write('b', 'no_stream', 1)], failed.promise);
    const settled = w.whenSettled(['a']);
    ok.resolve();
    failed.reject(new Error('conflict'));
    await settled;
    await failed.promise.catch(() => undefined);
    expect(w.size).toBe(0);
    expect(w.after('a', -1)).toEqual({ events: [], revision: -1 });
  });

  it('does not track writes without events or without a known base revision', () => {
    const w = new InFlightWrites();
    w.track([write('a', 0), write('b', 'any', 1)], deferred().promise);
    expect(w.size).toBe(0);
  });
});
