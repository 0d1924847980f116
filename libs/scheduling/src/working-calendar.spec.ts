import { qingmingDate, statutoryHolidays, WorkingCalendar } from './working-calendar';

// Expected dates are looked up (published almanacs: 春节, 端午, 中秋, 清明 of each year), never computed here.
describe('statutory holidays of a provisional year (rules in force since 2025)', () => {
  it('2027: 元旦, 春节 from the eve (02-05…02-08), 清明, 劳动节 ×2, 端午, 中秋, 国庆 ×3', () => {
    expect(statutoryHolidays(2027)).toEqual([
      '2027-01-01',
      '2027-02-05', // 除夕 (腊月廿九: 2026's 腊月 has 29 days)
      '2027-02-06', // 正月初一
      '2027-02-07',
      '2027-02-08',
      '2027-04-05', // 清明
      '2027-05-01',
      '2027-05-02',
      '2027-06-09', // 端午
      '2027-09-15', // 中秋
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it('2028: 中秋 on 10-03 is one date, and 端午 is in the regular 5th month, not the leap one (06-27)', () => {
    expect(statutoryHolidays(2028)).toEqual([
      '2028-01-01',
      '2028-01-25',
      '2028-01-26',
      '2028-01-27',
      '2028-01-28',
      '2028-04-04',
      '2028-05-01',
      '2028-05-02',
      '2028-05-28',
      '2028-10-01',
      '2028-10-02',
      '2028-10-03',
    ]);
  });

  it.each([
    [2025, '2025-04-04'],
    [2026, '2026-04-05'],
    [2027, '2027-04-05'],
    [2028, '2028-04-04'],
    [2029, '2029-04-04'],
    [2030, '2030-04-05'],
  ])('清明 %i is %s', (year, date) => {
    expect(qingmingDate(year)).toBe(date);
  });

  it('agrees with the official 2026 arrangement on the statutory days themselves', () => {
    const official = new WorkingCalendar().year(2026).holidays;
    for (const date of statutoryHolidays(2026)) expect(official).toContain(date);
  });
});

describe('WorkingCalendar', () => {
  const calendar = new WorkingCalendar();

  it('keeps the years chinese-days ships as official, and computes later ones as provisional', () => {
    expect(calendar.year(2026)).toMatchObject({ year: 2026, status: 'official' });
    expect(calendar.year(2027)).toEqual({ year: 2027, status: 'provisional', holidays: statutoryHolidays(2027), adjustedWorkdays: [] });
  });

  it.each([
    ['2027-01-01', false], // Fri, 元旦 (the tester's case: the shipped table has no 2027)
    ['2027-01-04', true],
    ['2027-02-05', false], // Fri, 除夕
    ['2027-02-08', false], // Mon, 初三
    ['2027-02-09', true],
    ['2027-02-06', false],
  ])('provisional 2027: %s working → %s', (date, expected) => {
    expect(calendar.isWorkingDate(date)).toBe(expected);
  });

  it('has a fingerprint that changes with a published arrangement and not with the order of publication', () => {
    const a = { holidays: ['2027-01-01'], adjustedWorkdays: [], notice: 'a' };
    const b = { holidays: ['2028-01-01'], adjustedWorkdays: [], notice: 'b' };
    expect(new WorkingCalendar().fingerprint()).toBe(calendar.fingerprint());
    expect(calendar.withPublished(2027, a).fingerprint()).not.toBe(calendar.fingerprint());
    expect(calendar.withPublished(2027, a).withPublished(2028, b).fingerprint()).toBe(calendar.withPublished(2028, b).withPublished(2027, a).fingerprint());
    expect(calendar.fingerprint()).toBeGreaterThan(0);
  });

  it('a published arrangement makes the year official, wins over the shipped table, and leaves the original alone', () => {
    const published = calendar
      .withPublished(2027, { holidays: ['2027-01-01', '2027-02-09'], adjustedWorkdays: ['2027-02-20'], notice: '国办发明电〔2026〕7号' })
      .withPublished(2026, { holidays: [], adjustedWorkdays: [], notice: '国办发明电〔2025〕7号' });
    expect(published.year(2027)).toMatchObject({ status: 'official', notice: '国办发明电〔2026〕7号' });
    expect(published.isWorkingDate('2027-02-09')).toBe(false);
    expect(published.isWorkingDate('2027-02-20')).toBe(true); // Sat, adjusted workday
    expect(published.isWorkingDate('2027-02-05')).toBe(true); // no longer a holiday
    expect(published.isWorkingDate('2026-10-01')).toBe(true); // the override has no holidays at all
    expect(calendar.isWorkingDate('2027-02-09')).toBe(true);
    expect(calendar.isProvisional(2027)).toBe(true);
  });
});
