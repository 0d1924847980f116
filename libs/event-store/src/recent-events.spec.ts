import { canonicalJson } from './hash-chain';
import { RecentEvents } from './recent-events';
import { UpcasterRegistry } from './upcasters';

const row = (position: number, data: unknown = { n: position }) => ({
  position,
  id: `e-${position}`,
  stream: `s-${position % 3}`,
  revision: position,
  type: 'TestHappened',
  data: canonicalJson(data),
  metadata: canonicalJson({ actor: 'u', at: '2026-11-28T00:00:00.000Z', schemaVersion: 1, prevHash: '0', hash: '1' }),
});
const positions = (events: { position: number }[] | undefined) => events?.map((e) => e.position);

describe('RecentEvents', () => {
  it('answers reads after a position it holds, parsed once and shared', () => {
    const recent = new RecentEvents(new UpcasterRegistry());
    recent.add([row(1), row(2), row(3)]);
    expect(positions(recent.after(0, 10))).toEqual([1, 2, 3]);
    expect(positions(recent.after(1, 1))).toEqual([2]);
    const [a] = recent.after(2, 10) ?? [];
    const [b] = recent.after(2, 10) ?? [];
    expect(a).toBe(b);
    expect(a).toEqual({ id: 'e-3', stream: 's-0', revision: 3, position: 3, type: 'TestHappened', data: { n: 3 }, metadata: expect.objectContaining({ hash: '1' }) });
  });

  it('leaves to SQLite what it cannot answer completely: before its first event, or nothing after the position', () => {
    const recent = new RecentEvents(new UpcasterRegistry());
    expect(recent.after(0, 10)).toBeUndefined();
    recent.add([row(5), row(6)]);
    expect(recent.after(3, 10)).toBeUndefined();
    expect(positions(recent.after(4, 10))).toEqual([5, 6]);
    expect(recent.after(6, 10)).toBeUndefined();
    expect(recent.after(9, 10)).toBeUndefined();
  });

  it('starts afresh when positions jump (another process appended in between), never answering across the gap', () => {
    const recent = new RecentEvents(new UpcasterRegistry());
    recent.add([row(1), row(2)]);
    recent.add([row(5)]);
    expect(recent.after(2, 10)).toBeUndefined();
    expect(recent.after(1, 10)).toBeUndefined();
    expect(positions(recent.after(4, 10))).toEqual([5]);
  });

  it('keeps only the newest events up to its capacity', () => {
    const recent = new RecentEvents(new UpcasterRegistry(), 4);
    for (let p = 1; p <= 20; p += 1) recent.add([row(p)]);
    expect(recent.after(15, 10)).toBeUndefined();
    expect(positions(recent.after(16, 10))).toEqual([17, 18, 19, 20]);
    recent.add([row(21), row(22), row(23)]);
    expect(positions(recent.after(19, 10))).toEqual([20, 21, 22, 23]);
  });

  it('upcasts as the file reads do', () => {
    const upcasters = new UpcasterRegistry();
    upcasters.register('TestHappened', 1, (e) => ({ ...e, data: { lifted: true } }));
    const recent = new RecentEvents(upcasters);
    recent.add([row(1)]);
    expect(recent.after(0, 1)?.[0]).toMatchObject({ data: { lifted: true }, metadata: { schemaVersion: 2 } });
  });
});
