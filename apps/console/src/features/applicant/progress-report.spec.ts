import type { CaseDetail } from '../../api/types';
import { keyProjectsOf, nextPeriod, returnComment } from './progress-report';

const caseWith = (over: Partial<CaseDetail>): CaseDetail =>
  ({ stage: 'progressEvaluation', audits: [], monitoring: {}, application: null, applicant: { cityCode: '440100', unitName: '天河区' }, ...over }) as CaseDetail;

describe("the applicant's case facts", () => {
  it('proposes the earliest period fallen due and not filed, else the one after the last filed', () => {
    expect(nextPeriod(caseWith({}))).toBe('P1');
    expect(nextPeriod(caseWith({ monitoring: { reports: [{ period: 'P1' }], due: [{ period: 'P1' }] } }))).toBe('P2');
    expect(nextPeriod(caseWith({ monitoring: { reports: [{ period: 'P2' }], due: [{ period: 'P1' }, { period: 'P2' }] } }))).toBe('P1');
  });

  it('lists the key projects of the saved application, none when nothing was saved', () => {
    expect(keyProjectsOf(caseWith({}))).toEqual([]);
    const application = { keyProjects: [{ seq: 1, name: '数据中心', totalInvestment: 12.5 }] } as unknown as CaseDetail['application'];
    expect(keyProjectsOf(caseWith({ application }))).toEqual([{ seq: 1, name: '数据中心', totalInvestment: 12.5 }]);
  });

  it("shows the city's comment only while the case is in draft because the city returned it", () => {
    const returned = { cityCode: '440100', decision: 'return' as const, comment: '请补充' };
    expect(returnComment(caseWith({ stage: 'draft', audits: [returned] }))).toBe('请补充');
    expect(returnComment(caseWith({ stage: 'cityAudit', audits: [returned] }))).toBeUndefined();
    expect(returnComment(caseWith({ stage: 'draft', audits: [] }))).toBeUndefined();
    expect(returnComment(caseWith({ stage: 'draft', audits: [returned, { cityCode: '440100', decision: 'pass', comment: '同意' }] }))).toBeUndefined();
  });
});
