import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { MonitoredZone } from '@shenbao/projections';
import { MonitoringAnswers } from './monitoring-answers';
import { monitoringAnswer } from './monitoring.view';
import { periodsChangeAt, reportPeriods } from './report-periods';

const APPROVED_AT = '2019-07-01T02:00:00.000Z';
const at = (iso: string): Date => new Date(iso);
const zone: MonitoredZone = {
  caseId: 'Z',
  programId: 'p',
  workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
  unitName: '珠海市香洲区人民政府',
  cityCode: '440400',
  cities: ['440400'],
  approvedOn: '2019-07-01',
  approvedAt: APPROVED_AT,
  planned: 100,
  investedToDate: 0,
  reports: [],
  ratings: [],
  rectifications: [],
};

describe('when a monitoring answer changes without an event', () => {
  it('is when a listed period falls due or an unreported one reaches the end of its grace', () => {
    const now = at('2020-01-05T00:00:00Z');
    const open = reportPeriods(GD_BDPZ_2019, { approvedAt: APPROVED_AT, filed: new Map() }, now);
    // P1 (due 2020-01-01) is missed at 2020-01-16 10:00 Shanghai; P2 falls due 2020-07-01.
    expect(new Date(periodsChangeAt(GD_BDPZ_2019, APPROVED_AT, open, now)).toISOString()).toBe('2020-01-16T02:00:00.000Z');
    const filed = reportPeriods(GD_BDPZ_2019, { approvedAt: APPROVED_AT, filed: new Map([['P1', '2019-12-20T02:00:00.000Z']]) }, now);
    expect(new Date(periodsChangeAt(GD_BDPZ_2019, APPROVED_AT, filed, now)).toISOString()).toBe('2020-07-01T02:00:00.000Z');
  });

  it('is at midnight in the workflow\'s time zone at the latest (the rectification window moves by days)', () => {
    const answer = monitoringAnswer([zone], () => GD_BDPZ_2019, at('2020-01-10T00:00:00Z'));
    expect(new Date(answer.validUntil).toISOString()).toBe('2020-01-10T16:00:00.000Z');
    const late = monitoringAnswer([zone], () => GD_BDPZ_2019, at('2020-01-16T01:00:00Z'));
    expect(new Date(late.validUntil).toISOString()).toBe('2020-01-16T02:00:00.000Z');
  });

  it('keeps an answer for the same read position until then, and no longer', () => {
    const answers = new MonitoringAnswers();
    const view = { zones: [] };
    answers.set('p|all', 40, Date.parse('2020-01-16T02:00:00.000Z'), view);
    expect(answers.get('p|all', 40, at('2020-01-16T01:59:59.999Z'))).toBe(view);
    expect(answers.get('p|all', 40, at('2020-01-16T02:00:00.000Z'))).toBeUndefined();
    expect(answers.get('p|all', 41, at('2020-01-10T00:00:00Z'))).toBeUndefined();
    expect(answers.get('p|city:440400', 40, at('2020-01-10T00:00:00Z'))).toBeUndefined();
  });
});
