import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { publicityPeriod, publicityProvisionalYears, startOfDay } from './publicity-period';

// 2019-05-10 10:00 in Shanghai (a Friday).
const now = new Date('2019-05-10T02:00:00.000Z');

describe('publicityPeriod', () => {
  it('starts now when the batch starts today and runs the workflow default (7 calendar days)', () => {
    expect(publicityPeriod({ startsOn: '2019-05-10' }, GD_BDPZ_2019, now)).toEqual({
      startsAt: '2019-05-10T02:00:00.000Z',
      endsAt: '2019-05-17T02:00:00.000Z',
    });
  });

  it('starts at 00:00 Shanghai time on a later date', () => {
    expect(publicityPeriod({ startsOn: '2019-05-13' }, GD_BDPZ_2019, now).startsAt).toBe('2019-05-12T16:00:00.000Z');
  });

  it('counts working days, skipping the weekend, to the end of the last one', () => {
    // From Friday 10 May: Mon 13 … Fri 17 are the 5 working days.
    expect(publicityPeriod({ startsOn: '2019-05-10', duration: 'P5D', unit: 'working' }, GD_BDPZ_2019, now).endsAt).toBe('2019-05-17T15:59:59.999Z');
  });

  it('says when a working-day period is counted over a provisional year (2027), and not for calendar time', () => {
    const dec = new Date('2026-12-28T02:00:00.000Z');
    const working = { startsOn: '2026-12-28', duration: 'P5D', unit: 'working' as const };
    // 12-29 30 31, 01-01 off (元旦, provisional), 01-04 05.
    const period = publicityPeriod(working, GD_BDPZ_2019, dec);
    expect(period.endsAt).toBe('2027-01-05T15:59:59.999Z');
    expect(publicityProvisionalYears(working, GD_BDPZ_2019, period)).toEqual([2027]);
    const calendar = { startsOn: '2026-12-28', duration: 'P7D' };
    expect(publicityProvisionalYears(calendar, GD_BDPZ_2019, publicityPeriod(calendar, GD_BDPZ_2019, dec))).toEqual([]);
    expect(publicityProvisionalYears({ ...working, startsOn: '2019-05-10' }, GD_BDPZ_2019, publicityPeriod({ ...working, startsOn: '2019-05-10' }, GD_BDPZ_2019, now))).toEqual([]);
  });

  it('takes the unit alone with the default duration', () => {
    const def: WorkflowDefinition = { ...GD_BDPZ_2019, publicity: { duration: 'P7D', unit: 'working' } };
    expect(publicityPeriod({ startsOn: '2019-05-10' }, def, now).endsAt).toBe('2019-05-21T15:59:59.999Z');
  });

  it.each([
    [{ startsOn: '2019-05-09' }, 'startsOn'],
    [{ startsOn: '2019-02-30' }, 'startsOn'],
    [{ startsOn: '2019-05-10', duration: 'seven days' }, 'duration'],
    [{ startsOn: '2019-05-10', duration: 'PT5H', unit: 'working' as const }, 'duration'],
    [{ startsOn: '2019-05-10', duration: 'P0D' }, 'duration'],
  ])('refuses %j naming %s', (req, field) => {
    expect(() => publicityPeriod(req, GD_BDPZ_2019, now)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] }));
  });
});

describe('startOfDay', () => {
  it('handles zones with DST', () => {
    expect(startOfDay('2019-03-31', 'Europe/Berlin').toISOString()).toBe('2019-03-30T23:00:00.000Z');
    expect(startOfDay('2019-07-01', 'Europe/Berlin').toISOString()).toBe('2019-06-30T22:00:00.000Z');
  });
});
