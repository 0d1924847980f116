import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  let now: number;
  const claims = (sub: string, expSeconds: number) => ({ sub, exp: expSeconds });

  beforeEach(() => {
    now = Date.UTC(2026, 0, 1);
  });

  it('answers a remembered token until the second it expires', () => {
    const tokens = new VerifiedTokens(10, () => now);
    const exp = now / 1000 + 60;
    tokens.remember('t1', claims('u1', exp));
    expect(tokens.get('t1')).toEqual({ sub: 'u1', exp });
    now = exp * 1000 - 1;
    expect(tokens.get('t1')?.sub).toBe('u1');
    now = exp * 1000;
    expect(tokens.get('t1')).toBeUndefined();
    // An expired entry is dropped, not kept around.
    expect(tokens.size).toBe(0);
  });

  it('never answers a token it was not given, nor one without an expiry', () => {
    const tokens = new VerifiedTokens(10, () => now);
    expect(tokens.get('t1')).toBeUndefined();
    tokens.remember('t2', { sub: 'u2' } as { sub: string; exp: number });
    expect(tokens.get('t2')).toBeUndefined();
  });

  it('forgets the least recently used token beyond its capacity', () => {
    const tokens = new VerifiedTokens(2, () => now);
    const exp = now / 1000 + 60;
    tokens.remember('a', claims('ua', exp));
    tokens.remember('b', claims('ub', exp));
    expect(tokens.get('a')).toBeDefined();
    tokens.remember('c', claims('uc', exp));
    expect(tokens.get('b')).toBeUndefined();
    expect(tokens.get('a')).toBeDefined();
    expect(tokens.get('c')).toBeDefined();
  });
});
