import type { DecideContext, Role } from '../shared/actor';
import { fold } from '../shared/decider';
import { calendarDecider, CALENDAR_RULES, type CalendarState } from './calendar.decider';
import type { CalendarEvent, CalendarPublished } from './calendar.events';

const now = new Date('2026-11-20T08:00:00Z');
const as = (role: Role): DecideContext => ({ actor: { userId: `${role}-1`, role }, now });
const given = (events: CalendarEvent[]): CalendarState => fold(calendarDecider, events);

const FIXED = ['2027-01-01', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03'];
const body = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  holidays: [...FIXED, '2027-02-05', '2027-02-06'],
  adjustedWorkdays: ['2027-02-20'], // Sat
  notice: '国办发明电〔2026〕7号',
  ...over,
});
const publish = (events: CalendarEvent[], over: Record<string, unknown> = {}, year: unknown = 2027, ctx = as('admin')): CalendarEvent[] => {
  const b = body(over);
  return calendarDecider.decide(
    { type: 'PublishCalendar', data: { year: year as number, holidays: b.holidays, adjustedWorkdays: b.adjustedWorkdays, notice: b.notice } },
    given(events),
    ctx,
  );
};
const published = (over: Partial<CalendarPublished['data']> = {}): CalendarPublished => ({
  type: 'CalendarPublished',
  data: {
    year: 2027,
    holidays: ['2027-01-01', '2027-02-05', '2027-02-06', '2027-05-01', '2027-05-02', '2027-10-01', '2027-10-02', '2027-10-03'],
    adjustedWorkdays: ['2027-02-20'],
    notice: '国办发明电〔2026〕7号',
    ...over,
  },
});

const invalid = (field: string) => expect.objectContaining({ code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ field })]) });
const broken = (rule: string) => expect.objectContaining({ code: 'RULE_VIOLATION', details: expect.arrayContaining([expect.objectContaining({ rule })]) });

describe('calendar decider', () => {
  it('publishes a year, dates sorted', () => {
    expect(publish([])).toEqual([published()]);
  });

  it('publishes a correction as another event, and nothing for the same arrangement again', () => {
    const corrected = publish([published()], { adjustedWorkdays: ['2027-02-20', '2027-02-21'], notice: '国办发明电〔2026〕9号' });
    expect(corrected).toEqual([published({ adjustedWorkdays: ['2027-02-20', '2027-02-21'], notice: '国办发明电〔2026〕9号' })]);
    expect(publish([published()])).toEqual([]);
    // As stored: canonical JSON, keys sorted.
    const { year, holidays, adjustedWorkdays, notice } = published().data;
    expect(publish([{ type: 'CalendarPublished', data: { adjustedWorkdays, holidays, notice, year } }])).toEqual([]);
  });

  it.each(['province', 'city', 'applicant', 'expert'] as Role[])('a %s may not publish', (role) => {
    expect(() => publish([], {}, 2027, as(role))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it.each([2003, 2100, 2027.5, '2027', Number.NaN])('refuses the year %p', (year) => {
    expect(() => publish([], {}, year)).toThrow(invalid('year'));
  });

  it.each([
    ['holidays', { holidays: '2027-01-01' }, 'holidays'],
    ['a malformed date', { holidays: [...FIXED, '2027-2-5'] }, 'holidays[6]'],
    ['a date that does not exist', { holidays: [...FIXED, '2027-02-29'] }, 'holidays[6]'],
    ['a date of another year', { holidays: [...FIXED, '2026-12-31'] }, 'holidays[6]'],
    ['a date listed twice', { holidays: [...FIXED, '2027-01-01'] }, 'holidays[6]'],
    ['a non-string date', { adjustedWorkdays: [20270220] }, 'adjustedWorkdays[0]'],
    ['a missing list', { adjustedWorkdays: undefined }, 'adjustedWorkdays'],
    ['too many adjusted workdays', { adjustedWorkdays: Array.from({ length: 16 }, (_, i) => `2027-03-${String(i + 1).padStart(2, '0')}`) }, 'adjustedWorkdays'],
    ['a missing notice', { notice: undefined }, 'notice'],
    ['a blank notice', { notice: '  ' }, 'notice'],
    ['a notice that is not a notice number', { notice: '2027 holidays' }, 'notice'],
  ])('refuses %s, naming the field', (_name, over, field) => {
    expect(() => publish([], over)).toThrow(invalid(field));
  });

  it.each([
    ['a date both off and worked', { holidays: [...FIXED, '2027-02-20'] }, CALENDAR_RULES.bothOffAndWorked],
    ['an adjusted workday on a weekday', { adjustedWorkdays: ['2027-02-19'] }, CALENDAR_RULES.weekdayWorkday],
    ['a fixed statutory holiday left out (国庆 10-03)', { holidays: FIXED.slice(0, 5) }, CALENDAR_RULES.statutoryMissing],
    ['a notice of another year', { notice: '国办发明电〔2024〕7号' }, CALENDAR_RULES.noticeYear],
  ])('refuses %s, naming the rule', (_name, over, rule) => {
    expect(() => publish([], over)).toThrow(broken(rule));
  });

  it.each(['国办发明电[2026]7号', ' 国办发明电（2026）7号 ', '国办发明电［2026］ 7 号'])('stores the notice %p with its usual brackets', (notice) => {
    expect(publish([], { notice })).toEqual([published()]);
  });

  it('accepts a notice of the year itself (a change announced during the year)', () => {
    expect(publish([], { notice: '国办发明电〔2027〕1号' })).toEqual([published({ notice: '国办发明电〔2027〕1号' })]);
  });

  it('keeps the last published arrangement as the state', () => {
    const second = published({ notice: '国办发明电〔2026〕9号' });
    expect(given([published(), second]).published).toEqual(second.data);
  });
});
