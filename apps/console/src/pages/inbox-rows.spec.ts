import type { InboxItem } from '../api/types';
import { inboxRows } from './inbox-rows';

type Case = NonNullable<InboxItem['case']>;
const item = (id: string, createdAt: string, c: Partial<Case> | null = null): InboxItem => ({
  id, caseId: `case-${id}`, recipient: 'city:440100', programId: 'p', kind: 'audit-pending', title: { zh: id, en: id }, createdAt, done: false, doneAt: null,
  case: c ? { unitName: '天河区人民政府', stage: 'cityAudit', dueAt: null, overdue: false, ...c } : null,
});

describe('inbox rows', () => {
  it("sorts by the due time of each case's current stage, those without one last, ties by arrival", () => {
    const rows = inboxRows([
      item('a', '2019-03-01T00:00:00Z', { stage: 'draft' }),
      item('b', '2019-03-02T00:00:00Z', { dueAt: '2019-03-18T15:59:00.000Z' }),
      // Zones differ but instants compare.
      item('c', '2019-03-03T00:00:00Z', { stage: 'recommendation', dueAt: '2019-03-10T08:00:00+08:00' }),
      item('d', '2019-03-01T00:00:00Z', { dueAt: '2019-03-18T15:59:00.000Z' }),
      // A case the caller may no longer see: listed, without a due date.
      item('e', '2019-02-01T00:00:00Z'),
    ]);
    expect(rows.map((r) => r.item.id)).toEqual(['c', 'd', 'b', 'e', 'a']);
    expect(rows.map((r) => r.dueAt)).toEqual(['2019-03-10T08:00:00+08:00', '2019-03-18T15:59:00.000Z', '2019-03-18T15:59:00.000Z', undefined, undefined]);
    expect(rows.map((r) => r.case?.stage)).toEqual(['recommendation', 'cityAudit', 'cityAudit', undefined, 'draft']);
  });

  it("marks overdue only what the engine marked, whatever the browser's clock says", () => {
    const rows = inboxRows([
      item('x', '2019-03-01T00:00:00Z', { dueAt: '2019-03-18T15:59:00Z', overdue: true }),
      item('y', '2019-03-02T00:00:00Z', { dueAt: '2019-03-18T15:59:00Z' }),
      item('z', '2019-03-03T00:00:00Z'),
    ]);
    expect(rows.map((r) => [r.item.id, r.overdue])).toEqual([['x', true], ['y', false], ['z', false]]);
  });
});
