import type { CaseEvent } from '@shenbao/domain';
import { projectionWorld } from '../testing/projection-world.fixture';
import { GZ, PROGRAM, SZ, ZH, caseAApprovedAndReporting, caseASubmitted, caseAInReview, caseAReadyForPublicity, caseBReturned } from '../testing/pilot-scenario.fixture';
import type { Visibility } from '../case-list/case-list.queries';
import { MonitoringProjection } from './monitoring.projection';
import { monitoredProgramExists, monitoredZones } from './monitoring.queries';

const province: Visibility = { role: 'province', userId: 'u-p' };
const city = (cityCode: string): Visibility => ({ role: 'city', cityCode, userId: `u-${cityCode}` });
const ev = (type: string, data: unknown): CaseEvent => ({ type, data }) as CaseEvent;
const keyProject = (seq: number, totalInvestment: number) => ({ seq, name: `项目${seq}`, undertakingUnit: 'u', content: 'c', totalInvestment, periodStart: '2019-05', periodEnd: '2020-12', expectedResults: 'r' });

describe('monitoring read model', () => {
  const world = projectionWorld(() => new MonitoringProjection());

  async function approvedA(): Promise<void> {
    const s = world.script;
    await caseASubmitted(s);
    await s.onCase('A', ev('ApplicationSaved', { application: { cover: { unitName: '广州市天河区人民政府' }, keyProjects: [keyProject(1, 1000.1), keyProject(2, 500.15)] } }));
    await caseAInReview(s);
    await caseAReadyForPublicity(s);
    await caseAApprovedAndReporting(s);
    await caseBReturned(s);
  }

  it('keeps an approved zone with its planned investment, reports and ratings; unapproved cases are no zones', async () => {
    await approvedA();
    await world.runner.catchUp();
    const [a, ...rest] = monitoredZones(world.db, PROGRAM, province);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({
      caseId: 'A',
      programId: PROGRAM,
      workflow: { key: 'gd-bdpz-2019', version: 1 },
      unitName: '广州市天河区人民政府',
      cityCode: GZ,
      cities: [GZ, SZ],
      approvedOn: '2019-07-01',
      planned: 1500.25,
      investedToDate: 0,
      reports: [{ reportId: 'r1', period: '2019H2', investedToDate: 0 }],
      ratings: [
        { period: '2019H2', level: 'city', cityCode: GZ, rating: 'good' },
        { period: '2019H2', level: 'city', cityCode: SZ, rating: 'good' },
      ],
      rectifications: [],
    });
    expect(a!.ended).toBeUndefined();
    expect(Date.parse(a!.approvedAt)).toBeGreaterThan(Date.parse('2019-03-01T00:00:00Z'));
    expect(monitoredProgramExists(world.db, PROGRAM)).toBe(true);
    expect(monitoredProgramExists(world.db, 'nope')).toBe(false);
  });

  it('takes the latest report as the investment to date and follows a rectification from order to judgement', async () => {
    await approvedA();
    const s = world.script;
    const report = (reportId: string, period: string, invested: number[]) =>
      s.onCase('A', ev('ProgressReportFiled', { reportId, period, narrative: 'n', indicators: [], projects: invested.map((x, i) => ({ seq: i + 1, investedToDate: x, status: 'in_progress' })) }));
    await report('r2', 'P1', [400.1, 200.2]);
    await s.onCase('A', ev('ProgressEvaluated', { period: 'P1', level: 'city', cityCode: GZ, rating: 'pass', comment: 'c' }), 'city');
    await s.onCase('A', ev('ProgressEvaluated', { period: 'P1', level: 'city', cityCode: SZ, rating: 'fail', comment: 'c' }), 'city');
    await s.onCase('A', ev('ProgressEvaluated', { period: 'P1', level: 'province', rating: 'fail', comment: 'c', rectificationDueOn: '2020-03-31' }), 'province');
    await world.runner.catchUp();
    let a = monitoredZones(world.db, PROGRAM, province)[0]!;
    expect(a.investedToDate).toBe(600.3);
    expect(a.rectifications).toEqual([{ period: 'P1', dueOn: '2020-03-31', status: 'open' }]);

    await s.onCase('A', ev('ProgressEvaluated', { period: 'P1', level: 'province', rating: 'pass', comment: 'rectified' }), 'province');
    await report('r3', 'P2', [900, 300]);
    await s.onCase('A', ev('PilotRevoked', { reason: 'r' }), 'province');
    await world.runner.catchUp();
    a = monitoredZones(world.db, PROGRAM, province)[0]!;
    expect(a.rectifications).toEqual([{ period: 'P1', dueOn: '2020-03-31', status: 'passed' }]);
    expect(a.investedToDate).toBe(1200);
    expect(a.reports.map((r) => [r.period, r.investedToDate])).toEqual([['2019H2', 0], ['P1', 600.3], ['P2', 1200]]);
    expect(a.ended).toEqual({ as: 'revoked', at: expect.any(String) });
  });

  it('shows a city the zones involving it, a partner too; nobody else any', async () => {
    await approvedA();
    await world.runner.catchUp();
    expect(monitoredZones(world.db, PROGRAM, city(GZ)).map((z) => z.caseId)).toEqual(['A']);
    expect(monitoredZones(world.db, PROGRAM, city(SZ)).map((z) => z.caseId)).toEqual(['A']);
    expect(monitoredZones(world.db, PROGRAM, city(ZH))).toEqual([]);
    expect(monitoredZones(world.db, PROGRAM, { role: 'expert', expertId: 'e1' })).toEqual([]);
    expect(monitoredZones(world.db, PROGRAM, { role: 'applicant', cityCode: GZ, districtCode: '440106', userId: 'u-tianhe' })).toEqual([]);
  });
});
