import type { Statement } from 'better-sqlite3';
import { KnownHeads } from './known-heads';

describe('KnownHeads', () => {
  let version = 1;
  const dataVersion = { get: () => version } as unknown as Statement<[], number>;
  beforeEach(() => {
    version = 1;
  });

  it('knows what was noted while no other connection committed, and nothing after one did', () => {
    const heads = new KnownHeads(dataVersion);
    heads.set('a', 3);
    heads.set('b', -1);
    expect([heads.get('a'), heads.get('b'), heads.get('c')]).toEqual([3, -1, undefined]);
    version = 2;
    expect(heads.get('a')).toBeUndefined();
    expect(heads.get('b')).toBeUndefined();
    heads.set('a', 4);
    expect(heads.get('a')).toBe(4);
    heads.clear();
    expect(heads.get('a')).toBeUndefined();
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const heads = new KnownHeads(dataVersion, 2);
    heads.set('a', 1);
    heads.set('b', 2);
    expect(heads.get('a')).toBe(1);
    heads.set('c', 3);
    expect([heads.get('a'), heads.get('b'), heads.get('c')]).toEqual([1, undefined, 3]);
  });
});
