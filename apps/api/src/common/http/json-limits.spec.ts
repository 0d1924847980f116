import { findOversized, nestsDeeperThan } from './json-limits';

const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('counts arrays and objects alike, up to the limit inclusive', () => {
    expect(nestsDeeperThan(nested(32), 32)).toBe(false);
    expect(nestsDeeperThan(nested(33), 32)).toBe(true);
    expect(nestsDeeperThan(`{"a":${nested(31)}}`, 32)).toBe(false);
    expect(nestsDeeperThan(`{"a":{"b":${nested(31)}}}`, 32)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '['.repeat(100) }), 2)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: `\\"${'{'.repeat(100)}` }), 2)).toBe(false);
    expect(nestsDeeperThan(`{"a\\"":[[[1]]]}`, 3)).toBe(true);
  });

  it('judges siblings by their own depth, not their sum', () => {
    expect(nestsDeeperThan(JSON.stringify(Array.from({ length: 50 }, () => [[1]])), 3)).toBe(false);
  });
});

describe('findOversized', () => {
  it('names the first list or object over the limit by its path', () => {
    expect(findOversized({ a: [1, 2], b: { c: [1, 2, 3, 4] } }, 3)).toEqual({ field: 'b.c', size: 4 });
    expect(findOversized({ plan: { customTasks: [{ x: 1 }, { a: 1, b: 2, c: 3, d: 4 }] } }, 3)).toEqual({ field: 'plan.customTasks[1]', size: 4 });
    expect(findOversized([1, 2, 3, 4], 3)).toEqual({ field: 'body', size: 4 });
    expect(findOversized({ a: 1, b: 2, c: 3, d: 4 }, 3)).toEqual({ field: 'body', size: 4 });
  });

  it('accepts lists and objects up to the limit and any scalar', () => {
    expect(findOversized({ a: [1, 2, 3], b: { x: 1, y: 2, z: 3 }, c: 'long'.repeat(1000) }, 3)).toBeUndefined();
    expect(findOversized(null, 3)).toBeUndefined();
    expect(findOversized('text', 3)).toBeUndefined();
  });
});
