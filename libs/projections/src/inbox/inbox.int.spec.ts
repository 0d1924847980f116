import { projectionWorld } from '../testing/projection-world.fixture';
import type { Db, ProjectionRunner } from '../projection-runner';
import { resolveGd, type EventScript } from '../testing/event-script.fixture';
import {
  GZ,
  SZ,
  ZH,
  caseAApprovedAndReporting,
  caseAInReview,
  caseAProvinceEvaluated,
  caseAReadyForPublicity,
  caseASubmitted,
  caseBResubmittedAndWithdrawn,
  caseBReturned,
  caseCOverdueInReview,
} from '../testing/pilot-scenario.fixture';
import { InboxProjection } from './inbox.projection';
import { inboxFor, recipientKeys, type InboxActor } from './inbox.queries';

const province: InboxActor = { userId: 'u-p', role: 'province' };
const gzCity: InboxActor = { userId: 'u-gz', role: 'city', cityCode: GZ };
const szCity: InboxActor = { userId: 'u-sz', role: 'city', cityCode: SZ };
const zhCity: InboxActor = { userId: 'u-zh', role: 'city', cityCode: ZH };
const tianhe: InboxActor = { userId: 'u-tianhe', role: 'applicant', cityCode: GZ, districtCode: '440106' };
const xiangzhou: InboxActor = { userId: 'u-xiangzhou', role: 'applicant', cityCode: ZH, districtCode: '440402' };
const expert = (id: string): InboxActor => ({ userId: `u-${id}`, role: 'expert', expertId: id });

describe('inbox read model', () => {
  const world = projectionWorld(() => new InboxProjection(resolveGd));
  let db: Db;
  let script: EventScript;
  let runner: ProjectionRunner;
  beforeEach(() => ({ db, script, runner } = world));

  /** Open work of an actor as `kind caseId` strings (order: newest first). */
  const open = async (actor: InboxActor): Promise<string[]> => {
    await runner.catchUp();
    return inboxFor(db, actor).items.map((i) => `${i.kind} ${i.caseId}`);
  };

  it('derives recipient keys from role and scope', () => {
    expect(recipientKeys(province)).toEqual(['u-p', 'province']);
    expect(recipientKeys(tianhe)).toEqual(['u-tianhe', 'applicant:440100:440106']);
    expect(recipientKeys({ userId: 'u-szb', role: 'applicant', cityCode: SZ })).toEqual(['u-szb', 'applicant:440300:-']);
    expect(recipientKeys(expert('e1'))).toEqual(['u-e1', 'expert:e1']);
    expect(recipientKeys({ userId: 'u-c', role: 'city' })).toEqual(['u-c']);
  });

  it('asks every involved city to audit, and each city drops out once it passed', async () => {
    await caseASubmitted(script);
    expect(await open(gzCity)).toEqual(['audit-pending A']);
    expect(await open(szCity)).toEqual(['audit-pending A']);
    expect(await open(province)).toEqual([]);

    await script.onCase('A', { type: 'CityAuditPassed', data: { cityCode: GZ, comment: 'ok' } }, 'city');
    expect(await open(gzCity)).toEqual([]);
    expect(await open(szCity)).toEqual(['audit-pending A']);
    const done = inboxFor(db, gzCity, { includeDone: true }).items;
    expect(done).toEqual([expect.objectContaining({ kind: 'audit-pending', caseId: 'A', done: true, recipient: 'city:440100' })]);
    expect(done[0]!.title).toEqual({ zh: '待市级审核：天河区人民政府', en: 'City audit pending: 天河区人民政府' });
  });

  it('tells the applicant about a return, and retires it on resubmission', async () => {
    await caseBReturned(script);
    expect(await open(xiangzhou)).toEqual(['returned-for-revision B']);
    expect(await open(zhCity)).toEqual([]);

    await caseBResubmittedAndWithdrawn(script);
    expect(await open(xiangzhou)).toEqual([]);
    expect(await open(zhCity)).toEqual([]);
    // The second audit round got its own row, done when the case was withdrawn.
    const history = inboxFor(db, zhCity, { includeDone: true }).items;
    expect(history.map((i) => [i.kind, i.done])).toEqual([
      ['audit-pending', true],
      ['audit-pending', true],
    ]);
  });

  it('walks the review: panel needed, scoring per active expert, replacement, conclusion', async () => {
    await caseASubmitted(script);
    await script.onCase('A', { type: 'CityAuditPassed', data: { cityCode: GZ, comment: 'ok' } }, 'city');
    await script.onCase('A', { type: 'CityAuditPassed', data: { cityCode: SZ, comment: 'ok' } }, 'city');
    expect(await open(gzCity)).toEqual(['recommendation-pending A']);
    expect(await open(szCity)).toEqual(['recommendation-pending A']);

    await script.onCase('A', { type: 'RecommendationIssued', data: { cityCode: GZ, letterNo: '1', issuedOn: '2019-04-20', statement: 's' } }, 'city');
    await script.onCase('A', { type: 'RecommendationIssued', data: { cityCode: SZ, letterNo: '2', issuedOn: '2019-04-20', statement: 's' } }, 'city');
    expect(await open(province)).toEqual(['panel-needed A']);

    await script.onCase('A', { type: 'ExpertPanelFormed', data: { expertIds: ['e1', 'e2', 'e3'], method: 'chosen' } }, 'province');
    expect(await open(province)).toEqual([]);
    expect(await open(expert('e3'))).toEqual(['scoring-pending A', 'assignment A']);

    await script.onCase('A', { type: 'ExpertRecused', data: { expertId: 'e3', reason: 'conflict' } }, 'expert');
    expect(await open(expert('e3'))).toEqual([]);
    expect(await open(province)).toEqual(['panel-needed A']);

    await script.onCase('A', { type: 'ExpertReplaced', data: { recusedExpertId: 'e3', expertId: 'e4', method: 'chosen' } }, 'province');
    expect(await open(province)).toEqual([]);
    expect(await open(expert('e4'))).toEqual(['scoring-pending A', 'assignment A']);

    for (const id of ['e1', 'e2', 'e4']) {
      await script.onCase('A', { type: 'ScoresSubmitted', data: { expertId: id, scores: { basis: 15 }, total: 75, comment: 'c' } }, 'expert');
    }
    expect(await open(expert('e1'))).toEqual(['assignment A']);
    expect(await open(province)).toEqual(['conclude-pending A']);
  });

  it('gives the province defense, site visit, publicity, objection and approval work in turn', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    expect(await open(province)).toEqual(['publicity-ready A']);
    const kinds = inboxFor(db, province, { includeDone: true }).items.map((i) => i.kind).reverse();
    expect(kinds).toEqual(['panel-needed', 'panel-needed', 'conclude-pending', 'defense-pending', 'site-visit-pending', 'publicity-ready']);

    await caseAApprovedAndReporting(script);
    await runner.catchUp();
    const all = inboxFor(db, province, { includeDone: true }).items.map((i) => i.kind).reverse();
    expect(all.slice(6)).toEqual(['publicity-started', 'objection-pending', 'publicity-ended', 'approval-pending', 'evaluation-pending']);
  });

  it('runs the monitoring cycle: report due, evaluations by each city and the province, next report due', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    await caseAApprovedAndReporting(script);
    // After both cities evaluated 2019H2, only the province still owes its evaluation. The approval notice lasts
    // as long as the monitoring stage entry.
    expect(await open(gzCity)).toEqual(['approval A']);
    expect(await open(province)).toEqual(['evaluation-pending A']);
    expect(await open(tianhe)).toEqual(['approval A']);
    const cityRows = inboxFor(db, szCity, { includeDone: true }).items.filter((i) => i.kind === 'evaluation-pending');
    expect(cityRows).toEqual([expect.objectContaining({ done: true, title: expect.objectContaining({ en: expect.stringContaining('2019H2') }) })]);
    const reportRows = inboxFor(db, tianhe, { includeDone: true }).items.filter((i) => i.kind === 'report-due');
    expect(reportRows.map((i) => i.done)).toEqual([true]);

    await caseAProvinceEvaluated(script);
    expect(await open(province)).toEqual([]);
    expect(await open(tianhe)).toEqual(['report-due A', 'approval A']);
  });

  it('keeps a period\'s evaluations when its report is filed again, and counts an evaluation made before the filing', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    await caseAApprovedAndReporting(script);
    const filed = (period: string) =>
      script.onCase('A', { type: 'ProgressReportFiled', data: { reportId: `r-${period}`, period, narrative: 'n', indicators: [], projects: [] } });
    // The domain refuses a second city evaluation of 2019H2, so a correction owes the cities nothing again.
    await filed('2019H2');
    expect(await open(szCity)).toEqual(['approval A']);
    expect(await open(province)).toEqual(['evaluation-pending A']);
    await caseAProvinceEvaluated(script);
    // Shenzhen rated 2020H1 before its report came: once filed, only Guangzhou and the province owe it.
    await script.onCase('A', { type: 'ProgressEvaluated', data: { period: '2020H1', level: 'city', cityCode: SZ, rating: 'good', comment: 'ok' } }, 'city');
    expect(await open(gzCity)).toEqual(['approval A']);
    await filed('2020H1');
    expect(await open(szCity)).toEqual(['approval A']);
    expect(await open(gzCity)).toEqual(['evaluation-pending A', 'approval A']);
  });

  it('asks the zone to rectify after a failed province evaluation', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await caseAReadyForPublicity(script);
    await caseAApprovedAndReporting(script);
    await script.onCase(
      'A',
      { type: 'ProgressEvaluated', data: { period: '2019H2', level: 'province', rating: 'fail', comment: 'behind', rectificationDueOn: '2020-03-31' } },
      'province',
    );
    expect(await open(tianhe)).toEqual(['rectification-due A', 'report-due A', 'approval A']);
  });

  it('sends an overdue notice to whoever owes the work and to the province, retired when the stage is left', async () => {
    await caseCOverdueInReview(script);
    expect(await open(province)).toEqual(['overdue C', 'panel-needed C']);
    const notice = inboxFor(db, province).items[0]!;
    expect(notice.title.zh).toBe('已超期（专家评审）：深圳市工业和信息化局');

    await script.onCase('C', { type: 'ExpertReviewConcluded', data: { outcome: 'defer', threshold: 70 } }, 'province');
    expect(await open(province)).toEqual([]);
  });

  it('pages newest first with a cursor', async () => {
    await caseASubmitted(script);
    await caseBReturned(script);
    await caseCOverdueInReview(script);
    await runner.catchUp();
    const all = inboxFor(db, province, { includeDone: true }).items.map((i) => i.id);
    expect(all).toHaveLength(2);
    const first = inboxFor(db, province, { includeDone: true, limit: 1 });
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = inboxFor(db, province, { includeDone: true, limit: 1, cursor: first.nextCursor });
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all);
    expect(second.nextCursor).toBeNull();
    expect(new Set(all).size).toBe(all.length);
  });
});
