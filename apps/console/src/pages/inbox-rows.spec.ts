import type { CaseDetail, InboxItem } from '../api/types';
import { casesToOpen, inboxRows } from './inbox-rows';

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

  it("gives a zone in 跟踪评估 its next progress report's due date from the case, opening only those cases", () => {
    const items = [
      item('p', '2021-01-01T00:00:00Z', { stage: 'progressEvaluation' }),
      item('q', '2021-01-02T00:00:00Z', { dueAt: '2021-06-30T15:59:00Z' }),
      item('r', '2021-01-03T00:00:00Z', { stage: 'progressEvaluation', dueAt: '2021-02-01T00:00:00Z' }),
    ];
    expect(casesToOpen(items)).toEqual(['case-p']);
    const detail = {
      id: 'case-p',
      stage: 'progressEvaluation',
      deadlines: [
        { stage: 'approval', dueAt: '2020-01-01T00:00:00Z' },
        { stage: 'progressEvaluation', dueAt: '2021-07-31T15:59:00Z' },
        { stage: 'progressEvaluation', dueAt: '2021-04-30T15:59:00Z' },
      ],
    } as unknown as CaseDetail;
    const rows = inboxRows(items, new Map([['case-p', detail]]));
    expect(rows.map((r) => [r.item.id, r.dueAt])).toEqual([['r', '2021-02-01T00:00:00Z'], ['p', '2021-04-30T15:59:00Z'], ['q', '2021-06-30T15:59:00Z']]);
  });
});
