import { DATE_FORMATS, fromPickerValue, toPickerValue } from './date-values';

describe('the date pickers\' values', () => {
  it('reads each kind\'s string and gives the same string back', () => {
    for (const [kind, value] of [['date', '2019-03-01'], ['datetime', '2019-03-20T09:00'], ['month', '2019-12']] as const) {
      const picked = toPickerValue(value, kind);
      expect(picked).not.toBeNull();
      expect(fromPickerValue(picked, kind)).toBe(value);
    }
  });

  it('shows as typed: a date-time with a space, no T', () => {
    expect(toPickerValue('2019-03-20T09:30', 'datetime')!.format(DATE_FORMATS.datetime.shown)).toBe('2019-03-20 09:30');
  });

  it.each([
    ['2019-02-30', 'date'],
    ['2019-3-1', 'date'],
    ['03/01/2019', 'date'],
    ['2019-03-01', 'datetime'],
    ['2019-03-20 09:00', 'datetime'],
    ['2019-13', 'month'],
    ['', 'date'],
  ] as const)('takes %j as no %s (shown empty), never a guess', (value, kind) => {
    expect(toPickerValue(value, kind)).toBeNull();
  });

  it('a cleared picker is no value', () => {
    expect(fromPickerValue(null, 'date')).toBeUndefined();
  });
});
