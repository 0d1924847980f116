import { projectionWorld } from '../testing/projection-world.fixture';
import { InvalidCursorError } from '../shared/paging';
import { resolveGd } from '../testing/event-script.fixture';
import { caseASubmitted, caseBResubmittedAndWithdrawn, caseBReturned, caseCOverdueInReview } from '../testing/pilot-scenario.fixture';
import { CaseListProjection } from './case-list.projection';
import { listCases, type ListCasesQuery, type Visibility } from './case-list.queries';
import type { StageDue, StageEntryInfo } from './case-list.due';
import { CASE_SORTS, type CaseSort } from './case-list.sort';

const province: Visibility = { role: 'province', userId: 'u-p' };
const DAY = 24 * 3600 * 1000;

/** Due 10 days after entering cityAudit or expertReview, a second later per earlier stay; other stages none. */
const calls: StageEntryInfo[] = [];
const stageDue: StageDue = (_def, e) => {
  calls.push(e);
  if (e.stage !== 'cityAudit' && e.stage !== 'expertReview') return null;
  return new Date(Date.parse(e.enteredAt) + 10 * DAY + e.earlier.length * 1000).toISOString();
};

describe('case list search and sort', () => {
  const world = projectionWorld(() => new CaseListProjection(resolveGd, stageDue));
  const list = (q: Omit<ListCasesQuery, 'visibility'>) => listCases(world.db, { visibility: province, ...q });
  const ids = (q: Omit<ListCasesQuery, 'visibility'>) => list(q).items.map((i) => i.id);

  beforeEach(async () => {
    calls.length = 0;
    await caseASubmitted(world.script); // 天河区人民政府 with partner 南山区人民政府: cityAudit
    await caseBReturned(world.script); // 香洲区人民政府: back in draft
    await caseCOverdueInReview(world.script); // 深圳市工业和信息化局: expertReview, overdue
    await world.runner.catchUp();
  });

  it('finds a part of a unit name (a partner\'s too) or of the case id, literally', () => {
    expect(ids({ q: '天河' })).toEqual(['A']);
    expect(ids({ q: '南山' })).toEqual(['A']);
    expect(ids({ q: '区人民' })).toEqual(['B', 'A']);
    expect(ids({ q: '深圳市工业' })).toEqual(['C']);
    expect(ids({ q: 'b' })).toEqual(['B']);
    expect(ids({ q: '%' })).toEqual([]);
    expect(ids({ q: '_' })).toEqual([]);
    expect(ids({ q: '天河', programId: 'other' })).toEqual([]);
    // Three characters or more go through the trigram index: quotes are literal there too.
    expect(ids({ q: '天"河"区' })).toEqual([]);
    expect(ids({ q: '人民政府' })).toEqual(['B', 'A']);
  });

  it('searches the unit name a saved application gives, not the one it replaced', async () => {
    await world.script.onCase('B', { type: 'ApplicationSaved', data: { application: { cover: { unitName: '珠海市香洲区政务服务数据管理局' } } } } as never);
    await world.runner.catchUp();
    expect(ids({ q: '香洲区政务' })).toEqual(['B']);
    expect(ids({ q: '香洲区人民' })).toEqual([]);
    expect(ids({ q: '政务' })).toEqual(['B']);
  });

  it('filters by a district of the applicant or a partner, and by the day of the first submission', () => {
    expect(ids({ districtCode: '440305' })).toEqual(['A']);
    expect(ids({ districtCode: '440402' })).toEqual(['B']);
    expect(ids({ districtCode: '440100' })).toEqual([]);
    // The script's clock starts at 2019-03-01 09:00 in Shanghai, one minute per event.
    expect(ids({ submittedFrom: '2019-03-01', submittedTo: '2019-03-01' })).toEqual(['C', 'B', 'A']);
    expect(ids({ submittedFrom: '2019-03-02' })).toEqual([]);
    expect(ids({ submittedTo: '2019-02-28' })).toEqual([]);
    expect(list({ q: '天河' }).items[0]!.submittedOn).toBe('2019-03-01');
  });

  it('keeps the first submission day, and the current stage entry\'s due time with earlier stays charged', async () => {
    const a = list({ q: '天河' }).items[0]!;
    expect(a.dueAt).toBe(new Date(Date.parse(a.updatedAt) + 10 * DAY).toISOString());
    expect(list({ q: '香洲' }).items[0]!.dueAt).toBeNull();
    await caseBResubmittedAndWithdrawn(world.script);
    await world.runner.catchUp();
    const resubmitted = calls.filter((c) => c.caseId === 'B' && c.stage === 'cityAudit');
    expect(resubmitted.map((c) => c.earlier.length)).toEqual([0, 1]);
    expect(resubmitted[1]!.earlier[0]!.enteredAt).toBe(resubmitted[0]!.enteredAt);
    const b = list({ q: '香洲' }).items[0]!;
    expect(b).toMatchObject({ stage: 'withdrawn', dueAt: null, submittedOn: '2019-03-01' });
  });

  it.each<[CaseSort, string[]]>([
    ['updatedAt', ['A', 'B', 'C']],
    ['-updatedAt', ['C', 'B', 'A']],
    // A entered cityAudit before C entered expertReview; B (draft) has no due time.
    ['dueAt', ['A', 'C', 'B']],
    // Code points: 天 U+5929, 深 U+6DF1, 香 U+9999.
    ['unitName', ['A', 'C', 'B']],
  ])('sorts by %s and pages through it one at a time', (sort, expected) => {
    expect(ids({ sort })).toEqual(expected);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = list({ sort, limit: 1, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
  });

  it('refuses a cursor issued for another order', () => {
    const byName = list({ sort: 'unitName', limit: 1 }).nextCursor!;
    const newest = list({ limit: 1 }).nextCursor!;
    for (const sort of CASE_SORTS.filter((s) => s !== 'unitName')) expect(() => list({ sort, cursor: byName })).toThrow(InvalidCursorError);
    expect(() => list({ cursor: byName })).toThrow(InvalidCursorError);
    expect(() => list({ sort: 'unitName', cursor: newest })).toThrow(InvalidCursorError);
  });
});
