import type { CaseDetail, InboxItem } from '../api/types';
import { inboxRows } from './inbox-rows';

const item = (id: string, caseId: string, createdAt: string): InboxItem => ({ id, caseId, recipient: 'city:440100', programId: 'p', kind: 'audit-pending', title: { zh: id, en: id }, createdAt, done: false, doneAt: null });
const detail = (id: string, stage: string, deadlines: [string, string][], overdue = false) =>
  ({ id, stage, overdue, deadlines: deadlines.map(([s, dueAt], i) => ({ kind: `k${i}`, stage: s, dueAt })) }) as unknown as CaseDetail;

describe('inbox rows', () => {
  it("sorts by the earliest due date of each case's current stage, those without one last, ties by arrival", () => {
    const details = new Map([
      ['c1', detail('c1', 'cityAudit', [['cityAudit', '2019-03-18T15:59:00.000Z']])],
      // An earlier deadline of another stage does not count; zones differ but instants compare.
      ['c2', detail('c2', 'recommendation', [['cityAudit', '2019-03-01T00:00:00Z'], ['recommendation', '2019-03-10T08:00:00+08:00']])],
      ['c3', detail('c3', 'draft', [])],
    ]);
    const rows = inboxRows([item('a', 'c3', '2019-03-01T00:00:00Z'), item('b', 'c1', '2019-03-02T00:00:00Z'), item('c', 'c2', '2019-03-03T00:00:00Z'), item('d', 'c1', '2019-03-01T00:00:00Z')], details);
    expect(rows.map((r) => r.item.id)).toEqual(['c', 'd', 'b', 'a']);
    expect(rows.map((r) => r.dueAt)).toEqual(['2019-03-10T08:00:00+08:00', '2019-03-18T15:59:00.000Z', '2019-03-18T15:59:00.000Z', undefined]);
  });

  it("marks overdue only what the engine marked, whatever the browser's clock says", () => {
    const details = new Map([
      ['late', detail('late', 'cityAudit', [['cityAudit', '2019-03-18T15:59:00Z']], true)],
      ['past', detail('past', 'cityAudit', [['cityAudit', '2019-03-18T15:59:00Z']])],
    ]);
    const rows = inboxRows([item('x', 'late', '2019-03-01T00:00:00Z'), item('y', 'past', '2019-03-02T00:00:00Z'), item('z', 'unknown', '2019-03-03T00:00:00Z')], details);
    expect(rows.map((r) => [r.item.id, r.overdue])).toEqual([['x', true], ['y', false], ['z', false]]);
  });
});
