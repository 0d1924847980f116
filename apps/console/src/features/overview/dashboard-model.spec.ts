import { approvalPoints, cityRows, funnelRows, overdueRoleRows, overdueRows } from './dashboard-model';
import type { Dashboard } from './dashboard-model';
import type { ProgramView } from '../review/data';

const zero = { draft: 0, cityAudit: 0, recommendation: 0, expertReview: 0, defense: 0, siteVisit: 0, publicity: 0, approval: 0, progressEvaluation: 0, cultivation: 0, withdrawn: 0, rejected: 0, notSelected: 0, revoked: 0, completed: 0 };
const dashboard = (over: Partial<Dashboard>): Dashboard => ({
  programId: 'p', funnel: zero, funnelByCity: {}, cities: [], approvals: { granted: 0, min: 3, max: 5 }, publicityBatches: [], approvalBatches: [], overdue: 0, overdueByStage: zero, overdueByRole: { applicant: 0, city: 0, expert: 0, province: 0 }, readyForPublicity: [], paperCopies: { required: 0, lacking: 0, lackingCaseIds: [] }, ...over,
});

describe('dashboard figures', () => {
  it('lists the stages that hold cases in workflow order, each linking to its search', () => {
    const rows = funnelRows(dashboard({ funnel: { ...zero, withdrawn: 1, draft: 2, publicity: 3 } }));
    expect(rows).toEqual([
      { stage: 'draft', count: 2, link: '/search?programId=p&stage=draft' },
      { stage: 'publicity', count: 3, link: '/search?programId=p&stage=publicity' },
      { stage: 'withdrawn', count: 1, link: '/search?programId=p&stage=withdrawn' },
    ]);
  });

  it('links overdue work to the overdue cases of its stage', () => {
    expect(overdueRows(dashboard({ overdueByStage: { ...zero, cityAudit: 4 } }))).toEqual([{ stage: 'cityAudit', count: 4, link: '/search?programId=p&stage=cityAudit&overdue=true' }]);
  });

  it('links overdue work by role to the overdue cases that role holds, in the order applicant → province', () => {
    expect(overdueRoleRows(dashboard({ overdueByRole: { province: 1, applicant: 0, expert: 2, city: 3 } }))).toEqual([
      { role: 'city', count: 3, link: '/search?programId=p&overdue=true&overdueRole=city' },
      { role: 'expert', count: 2, link: '/search?programId=p&overdue=true&overdueRole=expert' },
      { role: 'province', count: 1, link: '/search?programId=p&overdue=true&overdueRole=province' },
    ]);
  });

  it("names each city from the program's regions, its code when unnamed", () => {
    const program = { regions: [{ cityCode: '440100', name: '广州市', districts: [] }] } as unknown as ProgramView;
    const rows = cityRows(dashboard({ cities: [{ cityCode: '440100', recommended: 2, limit: 3 }, { cityCode: '440300', recommended: 0, limit: 2 }] }), program);
    expect(rows.map((r) => [r.name, r.recommended, r.limit, r.link])).toEqual([
      ['广州市', 2, 3, '/search?programId=p&cityCode=440100'],
      ['440300', 0, 2, '/search?programId=p&cityCode=440300'],
    ]);
  });

  it('gives one point per approval, counted up in the order granted', () => {
    const points = approvalPoints(dashboard({ approvalBatches: [{ batchNo: 2, caseIds: ['c', 'd'], repliedOn: '2019-05-01' }, { batchNo: 1, caseIds: ['a'], repliedOn: '2019-04-01' }] }));
    expect(points.map((p) => [p.caseId, p.repliedOn, p.total])).toEqual([['a', '2019-04-01', 1], ['c', '2019-05-01', 2], ['d', '2019-05-01', 3]]);
  });
});
