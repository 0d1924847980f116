/**
 * Inbox rows of the report cadence (ProgressReportDue → `report-due`, ProgressReportMissed → `report-overdue` for the
 * applicant parties and `escalation` for the cities) and of the program window (ProgramWindowClosing → one
 * `window-closing` row per unsent case for its city), and when they close. Case A: Tianhe (Guangzhou) with a Nanshan
 * (Shenzhen) partner; case B: Xiangzhou (Zhuhai).
 */
import { projectionWorld } from '../testing/projection-world.fixture';
import type { CaseEvent, ProgramEvent } from '@shenbao/domain';
import type { Db, ProjectionRunner } from '../projection-runner';
import { resolveGd, type EventScript } from '../testing/event-script.fixture';
import { GZ, PROGRAM, SZ, ZH, caseAApprovedAndReporting, caseAInReview, caseASubmitted, caseBReturned } from '../testing/pilot-scenario.fixture';
import { inboxFor, type InboxActor } from './inbox.queries';
import { InboxProjection } from './inbox.projection';

const province: InboxActor = { userId: 'u-p', role: 'province' };
const gzCity: InboxActor = { userId: 'u-gz', role: 'city', cityCode: GZ };
const szCity: InboxActor = { userId: 'u-sz', role: 'city', cityCode: SZ };
const zhCity: InboxActor = { userId: 'u-zh', role: 'city', cityCode: ZH };
const tianhe: InboxActor = { userId: 'u-tianhe', role: 'applicant', cityCode: GZ, districtCode: '440106' };
const nanshan: InboxActor = { userId: 'u-nanshan', role: 'applicant', cityCode: SZ, districtCode: '440305' };
const xiangzhou: InboxActor = { userId: 'u-xiangzhou', role: 'applicant', cityCode: ZH, districtCode: '440402' };
const DUE_P1 = '2020-01-01T02:00:00.000Z';

describe('inbox: report cadence and program window', () => {
  const world = projectionWorld(() => new InboxProjection(resolveGd));
  let db: Db;
  let script: EventScript;
  let runner: ProjectionRunner;
  beforeEach(() => ({ db, script, runner } = world));

  /** The actor's rows of `kind`-prefix notices as `kind caseId`, open only unless `includeDone`. */
  const rows = async (actor: InboxActor, kinds: string[], includeDone = false): Promise<string[]> => {
    await runner.catchUp();
    return inboxFor(db, actor, { includeDone })
      .items.filter((i) => kinds.includes(i.kind))
      .map((i) => `${i.kind} ${i.caseId}`)
      .sort();
  };
  const REPORT_KINDS = ['report-due', 'report-overdue', 'escalation'];
  const due = (period: string) => script.onCase('A', { type: 'ProgressReportDue', data: { period, dueAt: DUE_P1 } } as CaseEvent, 'system');
  const missed = (period: string, missedInRow = 1) =>
    script.onCase('A', { type: 'ProgressReportMissed', data: { period, dueAt: DUE_P1, missedInRow, escalatedTo: 'city' } } as CaseEvent, 'system');
  const file = (period: string) =>
    script.onCase('A', { type: 'ProgressReportFiled', data: { reportId: `r-${period}`, period, narrative: 'n', indicators: [], projects: [] } } as CaseEvent);

  describe('report cadence', () => {
    beforeEach(async () => {
      await caseASubmitted(script);
      await caseAInReview(script);
      await caseAApprovedAndReporting(script);
    });

    it('tells the applicant parties a period fell due, titled with the period, and nobody else', async () => {
      await due('P1');
      expect(await rows(tianhe, REPORT_KINDS)).toEqual(['report-due A']);
      expect(await rows(nanshan, REPORT_KINDS)).toEqual(['report-due A']);
      for (const actor of [gzCity, szCity, province]) expect(await rows(actor, REPORT_KINDS)).toEqual([]);
      const [row] = inboxFor(db, tianhe).items.filter((i) => i.kind === 'report-due');
      expect(row!.title.zh).toContain('（P1）');
      expect(row!.title.en).toContain('(P1)');
      expect(row!.title.zh).toContain('天河区人民政府');
    });

    it('on a miss: report-overdue for the applicant parties, an escalation for each city, none for the province', async () => {
      await due('P1');
      await missed('P1');
      expect(await rows(tianhe, REPORT_KINDS)).toEqual(['report-due A', 'report-overdue A']);
      expect(await rows(nanshan, REPORT_KINDS)).toEqual(['report-due A', 'report-overdue A']);
      expect(await rows(gzCity, REPORT_KINDS)).toEqual(['escalation A']);
      expect(await rows(szCity, REPORT_KINDS)).toEqual(['escalation A']);
      expect(await rows(province, REPORT_KINDS)).toEqual([]);
      const [esc] = inboxFor(db, gzCity).items.filter((i) => i.kind === 'escalation');
      expect(esc!.title.zh).toContain('（P1）');
    });

    it('closes a period’s rows once its report is filed, and only that period’s', async () => {
      await due('P1');
      await missed('P1');
      await due('P2');
      await due('P11');
      await file('P1');
      expect(await rows(tianhe, REPORT_KINDS)).toEqual(['report-due A', 'report-due A']);
      expect(inboxFor(db, tianhe).items.filter((i) => i.kind === 'report-due').map((i) => i.title.en.match(/\((P\d+)\)/)?.[1]).sort()).toEqual(['P11', 'P2']);
      expect(await rows(gzCity, REPORT_KINDS)).toEqual([]);
      expect(await rows(gzCity, REPORT_KINDS, true)).toEqual(['escalation A']);

      await file('P2');
      await file('P11');
      expect(await rows(tianhe, REPORT_KINDS)).toEqual([]);
    });

    it('a report under another label closes nothing', async () => {
      await due('P1');
      await file('2020H1');
      expect(await rows(tianhe, REPORT_KINDS)).toEqual(['report-due A']);
    });
  });

  describe('program window', () => {
    const closing = (pendingCases: { caseId: string; cityCode: string; stage: string }[]) =>
      script.onProgram(PROGRAM, { type: 'ProgramWindowClosing', data: { closesOn: '2019-04-26', pendingCases } } as ProgramEvent, 'system');

    it('gives each city one window-closing row per unsent case of its own, and nobody else any', async () => {
      await caseASubmitted(script);
      await caseBReturned(script);
      await closing([
        { caseId: 'A', cityCode: GZ, stage: 'cityAudit' },
        { caseId: 'B', cityCode: ZH, stage: 'draft' },
      ]);
      expect(await rows(gzCity, ['window-closing'])).toEqual(['window-closing A']);
      expect(await rows(zhCity, ['window-closing'])).toEqual(['window-closing B']);
      for (const actor of [szCity, province, tianhe, xiangzhou]) expect(await rows(actor, ['window-closing'])).toEqual([]);
      const [row] = inboxFor(db, zhCity).items.filter((i) => i.kind === 'window-closing');
      expect(row).toMatchObject({ caseId: 'B', programId: PROGRAM });
      expect(row!.title.zh).toContain('香洲区人民政府');
    });

    it('closes the row once the case moves on, and skips a case the inbox does not know', async () => {
      await caseASubmitted(script);
      await caseBReturned(script);
      await closing([
        { caseId: 'A', cityCode: GZ, stage: 'cityAudit' },
        { caseId: 'B', cityCode: ZH, stage: 'draft' },
        { caseId: 'ghost', cityCode: GZ, stage: 'draft' },
      ]);
      expect(await rows(gzCity, ['window-closing'])).toEqual(['window-closing A']);

      await script.onCase('B', { type: 'CaseSubmitted', data: { cities: [ZH] } } as CaseEvent);
      expect(await rows(zhCity, ['window-closing'])).toEqual([]);
      expect(await rows(zhCity, ['window-closing'], true)).toEqual(['window-closing B']);
      // A's stage entry has not changed: its row stays open.
      expect(await rows(gzCity, ['window-closing'])).toEqual(['window-closing A']);
    });

    it('answers every closing reminder of the program once the window has closed', async () => {
      await caseASubmitted(script);
      await closing([{ caseId: 'A', cityCode: GZ, stage: 'cityAudit' }]);
      expect(await rows(gzCity, ['window-closing'])).toEqual(['window-closing A']);
      await script.onProgram(PROGRAM, { type: 'ProgramWindowClosed', data: { closesOn: '2019-04-26' } } as ProgramEvent, 'system');
      expect(await rows(gzCity, ['window-closing'])).toEqual([]);
      expect(await rows(gzCity, ['window-closing'], true)).toEqual(['window-closing A']);
    });
  });
});
