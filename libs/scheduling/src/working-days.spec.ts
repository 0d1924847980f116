import fc from 'fast-check';
import {
  addDuration,
  currentWorkingCalendar,
  isWorkingDay,
  provisionalYearsBetween,
  subtractDuration,
  useWorkingCalendar,
  workingCalendarCovers,
  workingDaysBetween,
} from './working-days';

/** A wall-clock time in Shanghai (UTC+8, no DST since 1991) as an instant. */
const sh = (local: string): Date => new Date(`${local}+08:00`);
const endOfDay = (date: string): string => sh(`${date}T23:59:59.999`).toISOString();
const working = (duration: string) => ({ duration, unit: 'working' as const });
const calendar = (duration: string) => ({ duration, unit: 'calendar' as const });

describe('isWorkingDay (official PRC calendar, Asia/Shanghai)', () => {
  it.each([
    ['2019-02-01', true], // Fri
    ['2019-02-02', true], // Sat, adjusted workday for the Spring Festival
    ['2019-02-03', true], // Sun, adjusted workday
    ['2019-02-04', false], // Spring Festival holiday …
    ['2019-02-10', false], // … to here
    ['2019-02-11', true],
    ['2019-02-16', false], // ordinary Sat
    ['2019-09-29', true], // Sun, adjusted workday for National Day
    ['2019-10-01', false],
    ['2019-10-07', false],
    ['2019-10-08', true],
    ['2019-10-12', true], // Sat, adjusted workday
    ['2018-12-29', true], // Sat, adjusted workday for New Year 2019
    ['2018-12-31', false],
    ['2019-01-01', false],
  ])('%s → %s', (date, expected) => {
    expect(isWorkingDay(sh(`${date}T12:00:00`))).toBe(expected);
  });

  it('reads the date in the given zone, not in UTC', () => {
    // 2019-02-03T17:00Z is Monday 2019-02-04 01:00 in Shanghai (holiday) but still Sunday the 3rd in UTC (workday).
    const instant = new Date('2019-02-03T17:00:00Z');
    expect(isWorkingDay(instant, 'Asia/Shanghai')).toBe(false);
    expect(isWorkingDay(instant, 'UTC')).toBe(true);
  });

  it('knows which years the holiday table covers', () => {
    expect(workingCalendarCovers(2019)).toBe(true);
    expect(workingCalendarCovers(2099)).toBe(false);
  });
});

describe('addDuration, working days: end of the Nth working day after the start day', () => {
  it('publicity from Fri 2019-02-01 for 7 working days spans the Spring Festival (Sat/Sun adjusted workdays count)', () => {
    // 02-02 (1) 02-03 (2) holiday 02-04…10, 02-11 (3) 12 (4) 13 (5) 14 (6) 15 (7)
    expect(addDuration(sh('2019-02-01T10:00:00'), working('P7D')).toISOString()).toBe(endOfDay('2019-02-15'));
  });

  it('counts adjusted weekend workdays', () => {
    expect(addDuration(sh('2019-01-31T09:00:00'), working('P2D')).toISOString()).toBe(endOfDay('2019-02-02'));
    expect(addDuration(sh('2019-10-11T09:00:00'), working('P1D')).toISOString()).toBe(endOfDay('2019-10-12'));
  });

  it('skips the National Day holiday (Sep 29 Sun and Oct 12 Sat are workdays)', () => {
    expect(addDuration(sh('2019-09-27T09:00:00'), working('P1D')).toISOString()).toBe(endOfDay('2019-09-29'));
    expect(addDuration(sh('2019-09-30T09:00:00'), working('P1D')).toISOString()).toBe(endOfDay('2019-10-08'));
    expect(addDuration(sh('2019-09-30T09:00:00'), working('P5D')).toISOString()).toBe(endOfDay('2019-10-12'));
  });

  it('crosses year boundaries with their holidays', () => {
    // 2018-12-29 (Sat) is a workday; Dec 30 – Jan 1 off.
    expect(addDuration(sh('2018-12-28T16:00:00'), working('P3D')).toISOString()).toBe(endOfDay('2019-01-03'));
    expect(addDuration(sh('2019-12-31T16:00:00'), working('P2D')).toISOString()).toBe(endOfDay('2020-01-03'));
  });

  it('takes the start day in the zone: 2019-02-01T17:00Z is already Sat 2019-02-02 in Shanghai', () => {
    const start = new Date('2019-02-01T17:00:00Z');
    expect(addDuration(start, working('P1D')).toISOString()).toBe(endOfDay('2019-02-03'));
    expect(addDuration(start, working('P1D'), 'UTC').toISOString()).toBe('2019-02-02T23:59:59.999Z');
  });

  it('P0D ends with the start day; the start day never counts even late at night', () => {
    expect(addDuration(sh('2019-02-01T23:59:00'), working('P0D')).toISOString()).toBe(endOfDay('2019-02-01'));
    expect(addDuration(sh('2019-02-01T00:00:00'), working('P1D')).toISOString()).toBe(endOfDay('2019-02-02'));
  });

  it('refuses anything but whole days', () => {
    expect(() => addDuration(sh('2019-02-01T00:00:00'), working('PT2H'))).toThrow(/whole days/);
    expect(() => addDuration(sh('2019-02-01T00:00:00'), working('P1W'))).toThrow(/whole days/);
    expect(() => addDuration(sh('2019-02-01T00:00:00'), working('P1M'))).toThrow(/whole days/);
    expect(() => addDuration(sh('2019-02-01T00:00:00'), working('7 days'))).toThrow(/ISO 8601/);
  });

  it('always lands at the end of a working day exactly N working days later (2004–2026)', () => {
    const start = Date.UTC(2004, 0, 1);
    const end = Date.UTC(2026, 10, 1);
    fc.assert(
      fc.property(fc.integer({ min: start, max: end }), fc.integer({ min: 1, max: 40 }), (t, n) => {
        const due = addDuration(new Date(t), working(`P${n}D`));
        expect(isWorkingDay(due)).toBe(true);
        expect(workingDaysBetween(new Date(t), due)).toBe(n);
        expect(due.toISOString().slice(11)).toBe('15:59:59.999Z');
      }),
    );
  });
});

describe('addDuration, working days, against an independent count over the 2019 arrangement', () => {
  // The State Council's 2019 notice, written out here rather than read from the calendar under test.
  const OFF_2019 = ['01-01', '02-04', '02-05', '02-06', '02-07', '02-08', '02-09', '02-10', '04-05', '04-06', '04-07', '05-01', '05-02', '05-03',
    '05-04', '06-07', '06-08', '06-09', '09-13', '09-14', '09-15', '10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'];
  const ON_2019 = ['02-02', '02-03', '04-28', '05-05', '09-29', '10-12'];
  /** The date (YYYY-MM-DD) n working days after `date`, counting day by day on the UTC calendar. */
  const nthWorkingDayAfter = (date: string, n: number): string => {
    const day = new Date(`${date}T00:00:00Z`);
    for (let left = n; left > 0; ) {
      day.setUTCDate(day.getUTCDate() + 1);
      const md = day.toISOString().slice(5, 10);
      const weekday = day.getUTCDay() >= 1 && day.getUTCDay() <= 5;
      if (ON_2019.includes(md) || (weekday && !OFF_2019.includes(md))) left -= 1;
    }
    return day.toISOString().slice(0, 10);
  };

  it('lands on the end of the day the count gives, for any start in 2019 up to 40 working days ahead', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2019, 9, 31) }), fc.integer({ min: 0, max: 40 }), (t, n) => {
        const start = new Date(t);
        const startDate = new Date(t + 8 * 3600_000).toISOString().slice(0, 10); // the date in Shanghai (UTC+8)
        expect(addDuration(start, working(`P${n}D`)).toISOString()).toBe(endOfDay(nthWorkingDayAfter(startDate, n)));
      }),
    );
  });
});

describe('subtractDuration, working days (reminders)', () => {
  it('steps back over working days keeping the local time', () => {
    expect(subtractDuration(new Date(endOfDay('2019-02-15')), working('P3D')).toISOString()).toBe(endOfDay('2019-02-12'));
    // Back over the holiday to the adjusted Sunday.
    expect(subtractDuration(new Date(endOfDay('2019-02-12')), working('P2D')).toISOString()).toBe(endOfDay('2019-02-03'));
    expect(subtractDuration(new Date(endOfDay('2019-10-08')), working('P1D')).toISOString()).toBe(endOfDay('2019-09-30'));
  });
});

describe('addDuration, calendar', () => {
  it('adds seconds as elapsed time (PT2S)', () => {
    expect(addDuration(new Date('2019-02-01T00:00:00.250Z'), calendar('PT2S')).toISOString()).toBe('2019-02-01T00:00:02.250Z');
  });

  it('adds days and weeks on the wall calendar', () => {
    expect(addDuration(sh('2019-02-01T10:00:00'), calendar('P7D')).toISOString()).toBe(sh('2019-02-08T10:00:00').toISOString());
    expect(addDuration(sh('2019-12-30T10:00:00'), calendar('P1W')).toISOString()).toBe(sh('2020-01-06T10:00:00').toISOString());
  });

  it('clamps months to the end of the month, in the zone', () => {
    expect(addDuration(sh('2019-01-31T10:00:00'), calendar('P1M')).toISOString()).toBe(sh('2019-02-28T10:00:00').toISOString());
    expect(addDuration(sh('2020-01-31T10:00:00'), calendar('P1M')).toISOString()).toBe(sh('2020-02-29T10:00:00').toISOString());
    expect(addDuration(sh('2019-08-31T10:00:00'), calendar('P6M')).toISOString()).toBe(sh('2020-02-29T10:00:00').toISOString());
    expect(addDuration(sh('2020-02-29T10:00:00'), calendar('P1Y')).toISOString()).toBe(sh('2021-02-28T10:00:00').toISOString());
    // 2019-01-31T20:00Z is Feb 1 04:00 in Shanghai: one month later is Mar 1 04:00 there.
    expect(addDuration(new Date('2019-01-31T20:00:00Z'), calendar('P1M')).toISOString()).toBe('2019-02-28T20:00:00.000Z');
  });

  it('keeps the wall-clock time across a DST change in zones that have one', () => {
    // New York springs forward on 2019-03-10.
    expect(addDuration(new Date('2019-03-09T12:00:00-05:00'), calendar('P1D'), 'America/New_York').toISOString()).toBe(
      new Date('2019-03-10T12:00:00-04:00').toISOString(),
    );
  });

  it('subtracts calendar durations', () => {
    expect(subtractDuration(sh('2019-03-31T10:00:00'), calendar('P1M')).toISOString()).toBe(sh('2019-02-28T10:00:00').toISOString());
    expect(subtractDuration(new Date('2019-02-01T00:00:00Z'), calendar('PT2S')).toISOString()).toBe('2019-01-31T23:59:58.000Z');
  });

  it('refuses an unknown time zone', () => {
    expect(() => addDuration(new Date(), calendar('P1D'), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('working days across into a year without an official arrangement (provisional)', () => {
  it('2027-01-01 (Fri, 元旦) is not a working day: one working day after Thu 2026-12-31 ends on Mon 2027-01-04', () => {
    expect(isWorkingDay(sh('2027-01-01T12:00:00'))).toBe(false);
    expect(addDuration(sh('2026-12-31T10:00:00'), working('P1D')).toISOString()).toBe(endOfDay('2027-01-04'));
  });

  it('says which years a count walks through are provisional', () => {
    expect(provisionalYearsBetween(sh('2026-12-31T10:00:00'), sh('2027-01-04T23:00:00'))).toEqual([2027]);
    expect(provisionalYearsBetween(sh('2026-03-01T10:00:00'), sh('2026-12-31T23:00:00'))).toEqual([]);
    expect(workingCalendarCovers(2027)).toBe(false);
  });

  it('reads the calendar in use: a published 2027 moves the count', () => {
    const before = currentWorkingCalendar();
    try {
      useWorkingCalendar(before.withPublished(2027, { holidays: ['2027-01-01', '2027-01-04'], adjustedWorkdays: [], notice: 'n' }));
      expect(addDuration(sh('2026-12-31T10:00:00'), working('P1D')).toISOString()).toBe(endOfDay('2027-01-05'));
      expect(provisionalYearsBetween(sh('2026-12-31T10:00:00'), sh('2027-01-05T23:00:00'))).toEqual([]);
    } finally {
      useWorkingCalendar(before);
    }
  });
});
