import { projectionWorld } from '../testing/projection-world.fixture';
import type { CaseEvent, CaseHolder } from '@shenbao/domain';
import type { Db, ProjectionRunner } from '../projection-runner';
import { resolveGd, type EventScript } from '../testing/event-script.fixture';
import {
  GZ,
  SZ,
  ZH,
  caseAApprovedAndReporting,
  caseAInReview,
  caseAReadyForPublicity,
  caseASubmitted,
  caseBReturned,
} from '../testing/pilot-scenario.fixture';
import { INBOX_TABLE, InboxProjection } from './inbox.projection';
import { inboxFor, type InboxActor } from './inbox.queries';

const province: InboxActor = { userId: 'u-p', role: 'province' };
const gzCity: InboxActor = { userId: 'u-gz', role: 'city', cityCode: GZ };
const szCity: InboxActor = { userId: 'u-sz', role: 'city', cityCode: SZ };
const zhCity: InboxActor = { userId: 'u-zh', role: 'city', cityCode: ZH };
const tianhe: InboxActor = { userId: 'u-tianhe', role: 'applicant', cityCode: GZ, districtCode: '440106' };
const nanshan: InboxActor = { userId: 'u-nanshan', role: 'applicant', cityCode: SZ, districtCode: '440305' };
const xiangzhou: InboxActor = { userId: 'u-xiangzhou', role: 'applicant', cityCode: ZH, districtCode: '440402' };
const DUE = '2019-04-10T16:00:00.000Z';

describe('inbox notices', () => {
  const world = projectionWorld(() => new InboxProjection(resolveGd));
  let db: Db;
  let script: EventScript;
  let runner: ProjectionRunner;
  beforeEach(() => ({ db, script, runner } = world));

  const open = async (actor: InboxActor): Promise<string[]> => {
    await runner.catchUp();
    return inboxFor(db, actor).items.map((i) => `${i.kind} ${i.caseId}`);
  };
  const notice = async (caseId: string, type: 'StageReminderSent' | 'CaseUrged' | 'StageOverdueMarked', holder: CaseHolder, extra: Record<string, unknown> = {}) => {
    const entry = await script.entryOf(caseId);
    const stage = await script.stageOf(caseId);
    const data = {
      StageReminderSent: { stage, entry, dueAt: DUE, offset: 'P3D', holder },
      CaseUrged: { comment: '请加快办理', by: { role: 'province' }, holder },
      StageOverdueMarked: { stage, entry, dueAt: DUE, holder, ...extra },
    }[type];
    await script.onCase(caseId, { type, data } as CaseEvent, type === 'CaseUrged' ? 'province' : 'system');
  };

  it('reminds and urges the cities that hold the case, and escalates their overdue to the province', async () => {
    await caseASubmitted(script);
    await notice('A', 'StageReminderSent', { role: 'city', cityCodes: [GZ, SZ] });
    expect(await open(gzCity)).toEqual(['reminder A', 'audit-pending A']);
    expect(await open(szCity)).toEqual(['reminder A', 'audit-pending A']);
    const reminder = inboxFor(db, gzCity).items[0]!;
    expect(reminder.title).toEqual({ zh: '即将到期（市级审核）：天河区人民政府', en: 'Due soon (cityAudit): 天河区人民政府' });

    await script.onCase('A', { type: 'CityAuditPassed', data: { cityCode: GZ, comment: 'ok' } }, 'city');
    await notice('A', 'CaseUrged', { role: 'city', cityCodes: [SZ] });
    await notice('A', 'StageOverdueMarked', { role: 'city', cityCodes: [SZ] }, { escalatedTo: 'province' });
    expect(await open(szCity)).toEqual(['overdue A', 'urge A', 'reminder A', 'audit-pending A']);
    // Guangzhou has done its part: it keeps only the reminder it got while it still owed the audit.
    expect(await open(gzCity)).toEqual(['reminder A']);
    expect(await open(province)).toEqual(['escalation A']);
    expect(inboxFor(db, szCity).items[1]!.title).toEqual({ zh: '催办（市级审核）：天河区人民政府', en: 'Urged (cityAudit): 天河区人民政府' });
    expect(inboxFor(db, province).items[0]!.title.zh).toBe('超期督办（市级审核）：天河区人民政府');

    // Leaving the stage closes every notice of its entry.
    await script.onCase('A', { type: 'CityAuditPassed', data: { cityCode: SZ, comment: 'ok' } }, 'city');
    expect(await open(szCity)).toEqual(['recommendation-pending A']);
    expect(await open(gzCity)).toEqual(['recommendation-pending A']);
    expect(await open(province)).toEqual([]);
  });

  it('escalates an applicant’s overdue to its city, and sends nothing up when the province holds the case', async () => {
    await caseBReturned(script);
    await notice('B', 'StageOverdueMarked', { role: 'applicant' }, { escalatedTo: 'city' });
    await notice('B', 'CaseUrged', { role: 'applicant' });
    expect(await open(xiangzhou)).toEqual(['urge B', 'overdue B', 'returned-for-revision B']);
    expect(await open(zhCity)).toEqual(['escalation B']);
    expect(await open(province)).toEqual([]);

    await caseASubmitted(script);
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    await notice('A', 'StageOverdueMarked', { role: 'province' }, { escalatedTo: 'province' });
    expect(await open(province)).toEqual(['overdue A', 'publicity-ready A']);
  });

  it('tells experts of their assignment, and every applicant party of publicity and approval', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    expect(await open({ userId: 'u-e1', role: 'expert', expertId: 'e1' })).toEqual(['assignment A']);
    expect(await open({ userId: 'u-e3', role: 'expert', expertId: 'e3' })).toEqual([]);
    expect(await open({ userId: 'u-e4', role: 'expert', expertId: 'e4' })).toEqual(['scoring-pending A', 'assignment A']);

    await caseAReadyForPublicity(script);
    await caseAApprovedAndReporting(script);
    await runner.catchUp();
    const announced = ['publicity-started', 'publicity-ended', 'approval'];
    const kinds = (actor: InboxActor) =>
      inboxFor(db, actor, { includeDone: true }).items.map((i) => i.kind).filter((k) => announced.includes(k)).reverse();
    for (const party of [tianhe, nanshan]) expect(kinds(party)).toEqual(['publicity-started', 'publicity-ended', 'approval']);
    expect(kinds(province)).toEqual(['publicity-started', 'publicity-ended']);
    for (const city of [gzCity, szCity]) expect(kinds(city)).toEqual(['approval']);
    expect(inboxFor(db, nanshan).items.map((i) => i.title.en)).toEqual(['Approval granted: 天河区人民政府']);
  });

  it('tells the holder when a published holiday arrangement moved the due time, with the new date', async () => {
    await caseASubmitted(script);
    const entry = await script.entryOf('A');
    const data = { stage: 'cityAudit', entry, from: '2027-01-05T15:59:59.999Z', to: '2027-01-04T15:59:59.999Z', year: 2027, notice: '国办发明电〔2026〕7号' };
    await script.onCase('A', { type: 'StageDueMoved', data: { ...data, holder: { role: 'city', cityCodes: [GZ, SZ] } } } as CaseEvent, 'system');
    expect(await open(gzCity)).toEqual(['due-moved A', 'audit-pending A']);
    expect(await open(szCity)).toEqual(['due-moved A', 'audit-pending A']);
    expect(inboxFor(db, gzCity).items[0]!.title).toEqual({
      zh: '办理时限因节假日安排调整（市级审核，新时限 2027-01-04）：天河区人民政府',
      en: 'Due date moved by the holiday arrangement (cityAudit, now due 2027-01-04): 天河区人民政府',
    });
    expect(await open(province)).toEqual([]);
  });

  it('gives the very same rows when rebuilt from the log', async () => {
    await caseASubmitted(script);
    await notice('A', 'StageReminderSent', { role: 'city', cityCodes: [GZ, SZ] });
    await caseBReturned(script);
    await notice('B', 'StageOverdueMarked', { role: 'applicant' }, { escalatedTo: 'city' });
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    await caseAApprovedAndReporting(script);
    await runner.catchUp();
    const dump = () => db.prepare(`SELECT * FROM ${INBOX_TABLE} ORDER BY seq`).all();
    const before = dump();
    expect(before.length).toBeGreaterThan(20);
    await runner.rebuild();
    expect(dump()).toEqual(before);
  });
});
