import { FoldCache } from './fold-cache';

describe('FoldCache', () => {
  it('evicts the least recently used stream beyond its capacity', () => {
    const cache = new FoldCache<string>(2);
    cache.remember('a', 'A', 0);
    cache.remember('b', 'B', 0);
    expect(cache.get('a')?.state).toBe('A');
    cache.remember('c', 'C', 0);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.state).toBe('A');
    expect(cache.get('c')?.state).toBe('C');
    expect(cache.size).toBe(2);
  });

  it('keeps the later fold when an earlier one arrives after it', () => {
    const cache = new FoldCache<string>(10);
    cache.remember('a', 'at 5', 5);
    cache.remember('a', 'at 3', 3);
    expect(cache.get('a')).toEqual({ state: 'at 5', revision: 5 });
    cache.remember('a', 'at 6', 6);
    expect(cache.get('a')).toEqual({ state: 'at 6', revision: 6 });
  });

  it('refuses a capacity below one', () => {
    expect(() => new FoldCache(0)).toThrow(RangeError);
  });
});
