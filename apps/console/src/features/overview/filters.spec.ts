import { casesPath, filtersFromParams, paramsFromFilters, problemsOf, searchLink } from './filters';

describe('case search filters in the URL', () => {
  it('round-trips every filter through the URL and leaves empty ones out', () => {
    const f = { programId: 'gd', q: '天河', cityCode: '440100', districtCode: '440106', stage: 'cityAudit' as const, overdue: true, overdueRole: 'city' as const, submittedFrom: '2019-03-01', submittedTo: '2019-03-31', sort: 'dueAt' as const };
    expect(filtersFromParams(paramsFromFilters(f))).toEqual(f);
    expect(paramsFromFilters({ q: '  ', overdue: false }).toString()).toBe('overdue=false');
  });

  it('ignores an unknown sort, an overdue that is not true or false and an unknown role', () => {
    expect(filtersFromParams(new URLSearchParams('sort=name&overdue=yes&overdueRole=mayor&q=%20海珠%20'))).toEqual({ q: '海珠' });
  });

  it('asks the API for one page, with the cursor it gave', () => {
    expect(casesPath({ q: '海珠', sort: 'unitName' }, 'abc')).toBe(`/cases?q=${encodeURIComponent('海珠')}&sort=unitName&limit=20&cursor=abc`);
    expect(searchLink({ stage: 'publicity', programId: 'p' })).toBe('/search?programId=p&stage=publicity');
    expect(searchLink({})).toBe('/search');
  });

  it('refuses a q longer than the API takes and a date range that runs backwards', () => {
    expect(problemsOf({ q: '单'.repeat(50) })).toEqual([]);
    expect(problemsOf({ q: '单'.repeat(51) })).toEqual([{ field: 'q', key: 'qTooLong' }]);
    expect(problemsOf({ submittedFrom: '2019-04-01', submittedTo: '2019-03-01' })).toEqual([{ field: 'submittedFrom', key: 'dateOrder' }]);
    expect(problemsOf({ submittedFrom: '2019-03-01', submittedTo: '2019-03-01' })).toEqual([]);
  });
});
