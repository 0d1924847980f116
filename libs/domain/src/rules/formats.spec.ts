import { charLength, hasAtMostDecimals, isDate, isEmail, isInstant, isMobile, isMonth, roundTo } from './formats';

describe('formats', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['12800138000', false], // second digit 2
    ['1380013800', false], // 10 digits
    ['138001380001', false], // 12 digits
    ['+8613800138000', false],
    ['138 0013 8000', false],
  ])('isMobile(%s) = %s', (s, ok) => expect(isMobile(s)).toBe(ok));

  it.each([
    ['a@b.cn', true],
    ['first.last+tag@sub.example.gov.cn', true],
    ['no-at.example.com', false],
    ['a@b', false],
    ['a@@b.cn', false],
    ['a b@c.cn', false],
    ['.a@b.cn', false],
    ['a.@b.cn', false],
    ['a..b@c.cn', false],
    ['a@-b.cn', false],
  ])('isEmail(%s) = %s', (s, ok) => expect(isEmail(s)).toBe(ok));

  it.each([
    ['2019-01', true],
    ['2019-12', true],
    ['2019-13', false],
    ['2019-00', false],
    ['2019-1', false],
    ['201901', false],
    ['2019-01-01', false],
  ])('isMonth(%s) = %s', (s, ok) => expect(isMonth(s)).toBe(ok));

  it.each([
    ['2019-04-26', true],
    ['2020-02-29', true], // leap year
    ['2019-02-29', false],
    ['2019-02-30', false],
    ['1900-02-29', false], // century, not leap
    ['2000-02-29', true], // divisible by 400
    ['2019-04-31', false],
    ['2019-13-01', false],
    ['2019-4-26', false],
  ])('isDate(%s) = %s', (s, ok) => expect(isDate(s)).toBe(ok));

  it.each([
    ['2019-04-26T17:00:00+08:00', true],
    ['2019-04-26T09:00:00Z', true],
    ['2019-04-26T09:00:00.123456Z', true],
    ['2019-04-26T09:00Z', true],
    ['2019-04-26T09:00:00', false], // no zone
    ['2019-04-26', false],
    ['2019-02-30T09:00:00Z', false],
    ['2019-04-26T24:00:00Z', false],
    ['2019-04-26 09:00:00Z', false],
  ])('isInstant(%s) = %s', (s, ok) => expect(isInstant(s)).toBe(ok));

  it('counts characters as code points: Chinese and emoji count one each', () => {
    expect(charLength('大数据')).toBe(3);
    expect(charLength('😀😀')).toBe(2);
    expect('😀😀'.length).toBe(4); // what a naive count would say
    expect(charLength('')).toBe(0);
  });

  it('accepts amounts with at most the given decimals despite float noise', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(hasAtMostDecimals(0.1 + 0.2, 2)).toBe(true);
    expect(hasAtMostDecimals(0.1 + 0.2, 1)).toBe(true);
    expect(hasAtMostDecimals(1234567.89, 2)).toBe(true);
    expect(hasAtMostDecimals(100, 0)).toBe(true);
    expect(hasAtMostDecimals(1.005, 2)).toBe(false);
    expect(hasAtMostDecimals(0.001, 2)).toBe(false);
    expect(hasAtMostDecimals(8.25, 1)).toBe(false);
    expect(hasAtMostDecimals(Number.NaN, 2)).toBe(false);
    expect(hasAtMostDecimals(Number.POSITIVE_INFINITY, 2)).toBe(false);
  });

  it('rounds half away from zero without binary surprises', () => {
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(0.1 + 0.2, 2)).toBe(0.3);
    expect(roundTo(82.666666, 2)).toBe(82.67);
    expect(roundTo(-1.005, 2)).toBe(-1.01);
    expect(roundTo(1e-7, 2)).toBe(0);
    expect(Object.is(roundTo(-0.001, 2), 0)).toBe(true);
  });
});
