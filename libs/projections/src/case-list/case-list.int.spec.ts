import { projectionWorld } from '../testing/projection-world.fixture';
import type { Db, ProjectionRunner } from '../projection-runner';
import { InvalidCursorError } from '../shared/paging';
import { resolveGd, type EventScript } from '../testing/event-script.fixture';
import {
  GZ,
  PROGRAM,
  SZ,
  ZH,
  caseAInReview,
  caseASubmitted,
  caseBResubmittedAndWithdrawn,
  caseBReturned,
  caseCOverdueInReview,
  ce,
} from '../testing/pilot-scenario.fixture';
import { CaseListProjection } from './case-list.projection';
import { noStageDue } from './case-list.due';
import { findCase, listCases, type Visibility } from './case-list.queries';

const province: Visibility = { role: 'province', userId: 'u-p' };
const ids = (page: { items: { id: string }[] }): string[] => page.items.map((i) => i.id);

describe('case list read model', () => {
  const world = projectionWorld(() => new CaseListProjection(resolveGd, noStageDue));
  let db: Db;
  let script: EventScript;
  let runner: ProjectionRunner;
  beforeEach(() => ({ db, script, runner } = world));

  const sync = () => runner.catchUp();

  it('lists a case with its parties and its machine stage, then follows it through the stages', async () => {
    await caseASubmitted(script);
    await sync();
    const [a] = listCases(db, { visibility: province }).items;
    expect(a).toMatchObject({
      id: 'A',
      programId: PROGRAM,
      stage: 'cityAudit',
      substate: null,
      applicant: { level: 'district', cityCode: GZ, districtCode: '440106', unitName: '天河区人民政府' },
      cities: [GZ, SZ],
      unitName: '天河区人民政府',
      panel: [],
      createdBy: 'u-tianhe',
      revision: 1,
      overdue: false,
      entry: 2,
    });
    expect(a!.createdAt < a!.updatedAt).toBe(true);

    await caseAInReview(script);
    await sync();
    const inReview = findCase(db, 'A', province)!;
    expect(inReview).toMatchObject({ stage: 'expertReview', substate: 'scoring', panel: ['e1', 'e2', 'e4'] });
    expect(inReview.lastPosition).toBe(await script.store.headPosition());
  });

  it('flags the current stage entry as overdue, and filters on it', async () => {
    await caseASubmitted(script);
    await caseCOverdueInReview(script);
    await sync();
    expect(listCases(db, { visibility: province, overdue: true }).items).toEqual([
      expect.objectContaining({ id: 'C', stage: 'expertReview', substate: 'forming', overdue: true }),
    ]);
    expect(ids(listCases(db, { visibility: province, overdue: false }))).toEqual(['A']);
  });

  it('filters overdue cases by the role holding them now', async () => {
    await caseASubmitted(script);
    await caseCOverdueInReview(script);
    await sync();
    expect(ids(listCases(db, { visibility: province, overdueRole: 'province' }))).toEqual(['C']);
    expect(ids(listCases(db, { visibility: province, overdueRole: 'expert' }))).toEqual([]);
    await script.onCase('C', ce('ExpertPanelFormed', { expertIds: ['e1', 'e2', 'e3'], method: 'chosen' }), 'province');
    await sync();
    expect(ids(listCases(db, { visibility: province, overdueRole: 'expert' }))).toEqual(['C']);
    expect(ids(listCases(db, { visibility: province, overdueRole: 'province' }))).toEqual([]);
    // A case that is not overdue is held by someone too, but is no overdue work of theirs.
    expect(ids(listCases(db, { visibility: province, overdueRole: 'city' }))).toEqual([]);
  });

  it('filters by program, stage and city', async () => {
    await caseASubmitted(script);
    await caseBReturned(script);
    await caseCOverdueInReview(script);
    await sync();
    expect(ids(listCases(db, { visibility: province, programId: PROGRAM }))).toEqual(['C', 'B', 'A']);
    expect(ids(listCases(db, { visibility: province, programId: 'other' }))).toEqual([]);
    expect(ids(listCases(db, { visibility: province, stage: 'draft' }))).toEqual(['B']);
    expect(ids(listCases(db, { visibility: province, cityCode: SZ }))).toEqual(['C', 'A']);
    expect(ids(listCases(db, { visibility: province, cityCode: SZ, stage: 'cityAudit' }))).toEqual(['A']);

    await caseBResubmittedAndWithdrawn(script);
    await sync();
    expect(findCase(db, 'B', province)).toMatchObject({ stage: 'withdrawn' });
  });

  it('scopes by role: city by involved city, applicant by party or creator, expert by active panel', async () => {
    await caseASubmitted(script);
    await caseBReturned(script);
    await caseCOverdueInReview(script);
    await caseAInReview(script);
    await sync();

    expect(ids(listCases(db, { visibility: { role: 'admin' } }))).toEqual(['C', 'B', 'A']);
    expect(ids(listCases(db, { visibility: { role: 'city', cityCode: SZ } }))).toEqual(['C', 'A']);
    expect(ids(listCases(db, { visibility: { role: 'city', cityCode: ZH } }))).toEqual(['B']);
    expect(ids(listCases(db, { visibility: { role: 'city' } }))).toEqual([]);

    // The joint partner (Nanshan) sees A; the Shenzhen city department sees its own city-level case only.
    expect(ids(listCases(db, { visibility: { role: 'applicant', cityCode: SZ, districtCode: '440305' } }))).toEqual(['A']);
    expect(ids(listCases(db, { visibility: { role: 'applicant', cityCode: SZ } }))).toEqual(['C']);
    expect(ids(listCases(db, { visibility: { role: 'applicant', cityCode: GZ, districtCode: '440106' } }))).toEqual(['A']);
    expect(ids(listCases(db, { visibility: { role: 'applicant', cityCode: GZ, districtCode: '440103' } }))).toEqual([]);
    // The creator sees its case even with a scope that would not match.
    expect(ids(listCases(db, { visibility: { role: 'applicant', userId: 'u-xiangzhou', cityCode: GZ } }))).toEqual(['B']);

    expect(ids(listCases(db, { visibility: { role: 'expert', expertId: 'e4' } }))).toEqual(['A']);
    expect(ids(listCases(db, { visibility: { role: 'expert', expertId: 'e3' } }))).toEqual([]); // recused
    expect(ids(listCases(db, { visibility: { role: 'expert' } }))).toEqual([]);
    expect(findCase(db, 'A', { role: 'expert', expertId: 'e3' })).toBeUndefined();
    expect(findCase(db, 'A', { role: 'expert', expertId: 'e1' })).toMatchObject({ id: 'A' });
  });

  it('names the panel to the province and admins only; an expert sees itself, parties and cities nobody', async () => {
    await caseASubmitted(script);
    await caseAInReview(script);
    await sync();
    const panelFor = (v: Parameters<typeof findCase>[2]) => findCase(db, 'A', v)?.panel;
    expect(panelFor({ role: 'province' })).toEqual(['e1', 'e2', 'e4']);
    expect(panelFor({ role: 'admin' })).toEqual(['e1', 'e2', 'e4']);
    expect(panelFor({ role: 'expert', expertId: 'e2' })).toEqual(['e2']);
    expect(panelFor({ role: 'city', cityCode: SZ })).toEqual([]);
    expect(panelFor({ role: 'applicant', cityCode: SZ, districtCode: '440305' })).toEqual([]);
    expect(listCases(db, { visibility: { role: 'city', cityCode: GZ } }).items.map((i) => i.panel)).toEqual([[]]);
  });

  it('pages with a stable keyset cursor, newest first', async () => {
    await caseASubmitted(script);
    await caseBReturned(script);
    await caseCOverdueInReview(script);
    await sync();
    const first = listCases(db, { visibility: province, limit: 2 });
    expect(ids(first)).toEqual(['C', 'B']);
    expect(first.nextCursor).toEqual(expect.any(String));

    // Updates to listed cases do not move them between pages.
    await caseBResubmittedAndWithdrawn(script);
    await sync();
    const second = listCases(db, { visibility: province, limit: 2, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(['A']);
    expect(second.nextCursor).toBeNull();
    expect(listCases(db, { visibility: province, limit: 3 }).nextCursor).toBeNull();
    expect(() => listCases(db, { visibility: province, cursor: 'not-a-cursor' })).toThrow(InvalidCursorError);
  });

  it("shows each case's paper copies received against the program's (一式五份)", async () => {
    await caseASubmitted(script);
    await sync();
    expect(listCases(db, { visibility: province }).items[0]!.paperCopies).toEqual({ received: 0, required: 5 });
    const receipt = (copies: number) => ({ type: 'PaperCopiesReceived', data: { copies, receivedOn: '2019-03-01', receiver: '李四', recordedBy: { role: 'city', cityCode: GZ } } }) as const;
    await script.onCase('A', receipt(2), 'city');
    await script.onCase('A', receipt(3), 'city');
    await sync();
    expect(listCases(db, { visibility: province }).items[0]!.paperCopies).toEqual({ received: 5, required: 5 });
  });
});
