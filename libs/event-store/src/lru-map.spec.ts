import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('forgets the least recently used entry beyond its capacity', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.get('a')).toBe(1); // a is now newer than b
    m.set('c', 3);
    expect([m.peek('a'), m.peek('b'), m.peek('c')]).toEqual([1, undefined, 3]);
    expect(m.size).toBe(2);
  });

  it('peek does not refresh; set of an existing key refreshes and replaces', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1).set('b', 2);
    expect(m.peek('a')).toBe(1);
    m.set('c', 3);
    expect(m.peek('a')).toBeUndefined();
    m.set('b', 20).set('d', 4);
    expect([m.peek('b'), m.peek('c'), m.peek('d')]).toEqual([20, undefined, 4]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new LruMap(0)).toThrow(RangeError);
    expect(() => new LruMap(1.5)).toThrow(RangeError);
  });
});
