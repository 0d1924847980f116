import { conflictReasons, drawPanel, normalizeUnitName, type PoolExpert } from './recusal.rules';

const both = { homeCity: true, employer: true };
const parties = { cityCodes: ['440100', '440300'], unitNames: ['广州市天河区人民政府', 'Shenzhen Nanshan District (Government)'] };
const expert = (id: string, homeCityCode = '440600', employer = '华南理工大学'): PoolExpert => ({ id, homeCityCode, employer });

describe('conflictReasons', () => {
  it('no conflict for an expert from another city and unit', () => {
    expect(conflictReasons(expert('e1'), parties, both)).toEqual([]);
  });

  it('home city equal to any city of the case', () => {
    expect(conflictReasons(expert('e1', '440300'), parties, both)).toEqual(['home city 440300 is a city of the case']);
  });

  it('employer that is a party, compared ignoring full-width forms, whitespace and case', () => {
    const fullWidth = expert('e1', '440600', '\u3000广州市 天河区人民政府 ');
    expect(conflictReasons(fullWidth, parties, both)).toEqual(['employer 广州市 天河区人民政府 is a party to the case']);
    const fullWidthLatin = expert('e2', '440600', 'ＳＨＥＮＺＨＥＮ　Ｎａｎｓｈａｎ Ｄｉｓｔｒｉｃｔ（Ｇｏｖｅｒｎｍｅｎｔ）');
    expect(conflictReasons(fullWidthLatin, parties, both)).toHaveLength(1);
  });

  it('both reasons at once, and none when the policy switches them off', () => {
    const e = expert('e1', '440100', '广州市天河区人民政府');
    expect(conflictReasons(e, parties, both)).toHaveLength(2);
    expect(conflictReasons(e, parties, { homeCity: false, employer: false })).toEqual([]);
    expect(conflictReasons(e, parties, { homeCity: false, employer: true })).toEqual(['employer 广州市天河区人民政府 is a party to the case']);
  });

  it('a blank employer matches nothing', () => {
    expect(conflictReasons(expert('e1', '440600', ' '), { cityCodes: [], unitNames: [''] }, both)).toEqual([]);
  });

  it('normalizes full-width brackets and the ideographic space', () => {
    expect(normalizeUnitName(' 广州（南沙）\u3000数据局 ')).toBe(normalizeUnitName('广州(南沙)数据局'));
  });
});

describe('drawPanel', () => {
  const pool: PoolExpert[] = [
    ...Array.from({ length: 10 }, (_, i) => expert(`e${String(i).padStart(2, '0')}`)),
    expert('gz', '440100'),
    expert('th', '441300', '广州市天河区人民政府'),
  ];

  it('is reproducible: the same seed draws the same panel from any input order', () => {
    const a = drawPanel(pool, 5, 'case-1/2019-06-01', parties, both);
    const b = drawPanel([...pool].reverse(), 5, 'case-1/2019-06-01', parties, both);
    expect(a).toEqual(b);
    expect(a.expertIds).toHaveLength(5);
    expect(new Set(a.expertIds).size).toBe(5);
  });

  it('different seeds give different panels', () => {
    const panels = ['s1', 's2', 's3', 's4', 's5'].map((seed) => drawPanel(pool, 5, seed, parties, both).expertIds.join(','));
    expect(new Set(panels).size).toBeGreaterThan(1);
  });

  it('never draws a conflicted expert, and records who was excluded and why (auditable)', () => {
    for (const seed of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const draw = drawPanel(pool, 10, seed, parties, both);
      expect(draw.expertIds).not.toContain('gz');
      expect(draw.expertIds).not.toContain('th');
      expect(draw.pool).toEqual(pool.slice(0, 10).map((e) => e.id));
      expect(draw.excluded).toEqual([
        { expertId: 'gz', reason: 'home city 440100 is a city of the case' },
        { expertId: 'th', reason: 'employer 广州市天河区人民政府 is a party to the case' },
      ]);
    }
  });

  it('pins the algorithm: a known seed gives a known panel (changing the PRNG breaks audits)', () => {
    // Cross-checked with an independent re-implementation of the algorithm in the module comment (Python).
    expect(drawPanel(pool, 3, 'gd-bdpz-2019', parties, both).expertIds).toEqual(['e02', 'e03', 'e05']);
  });

  it('spreads draws over the pool (every eligible expert gets drawn over many seeds)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) drawPanel(pool, 1, `seed-${i}`, parties, both).expertIds.forEach((id) => seen.add(id));
    expect([...seen].sort()).toEqual(pool.slice(0, 10).map((e) => e.id));
  });

  it('refuses when too few experts are eligible', () => {
    expect(() => drawPanel(pool, 11, 's', parties, both)).toThrow(expect.objectContaining({
      code: 'RULE_VIOLATION',
      details: [expect.objectContaining({ rule: 'panel.poolTooSmall' })],
    }));
  });

  it('refuses a panel size that is not a positive integer', () => {
    expect(() => drawPanel(pool, 0, 's', parties, both)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });

  it('counts a duplicated pool entry once', () => {
    const draw = drawPanel([expert('x'), expert('x'), expert('y')], 2, 's', parties, both);
    expect([...draw.expertIds].sort()).toEqual(['x', 'y']);
    expect(draw.pool).toEqual(['x', 'y']);
  });
});
