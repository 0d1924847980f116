import { datesProblem, isDate, parseDates } from './calendar-dates';

describe('calendar form dates', () => {
  it('reads dates one per line or separated by commas (Chinese ones too)', () => {
    expect(parseDates('2026-01-01\n2026-02-16, 2026-02-17，2026-02-18')).toEqual(['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-18']);
    expect(parseDates('  ')).toEqual([]);
  });

  it('accepts only real dates written YYYY-MM-DD', () => {
    expect(isDate('2026-02-28')).toBe(true);
    expect(isDate('2026-02-30')).toBe(false);
    expect(isDate('2026-2-3')).toBe(false);
  });

  it('names the entries that are not dates, then those outside the year', () => {
    expect(datesProblem(['2026-01-01', '2026-13-01'], 2026)).toEqual({ rule: 'dateRule', bad: '2026-13-01' });
    expect(datesProblem(['2026-01-01', '2025-12-31'], 2026)).toEqual({ rule: 'yearRule', bad: '2025-12-31' });
    expect(datesProblem(['2026-01-01'], 2026)).toBeNull();
  });
});
