/** The paper-copy register (一式五份): given events, when the request, then events or the refusal. */
import type { CaseEvent } from '../case.events';
import { actors, created, drafted, given, inCityAudit, inMonitoring, inPublicity, DURING_PUBLICITY, refusedBody, requested } from '../case.spec-helpers';

const SHA = 'ab'.repeat(32);
const body = (over: Record<string, unknown> = {}) => ({ copies: 5, receivedOn: '2019-03-14', receiver: ' 李四 ', ...over });
/** Submitted on 2019-03-12 (the day is recorded in the event since it was added). */
const submittedOn12 = [...drafted, { type: 'CaseSubmitted', data: { cities: ['440100'], submittedOn: '2019-03-12' } } as CaseEvent];
const received = (over: Record<string, unknown> = {}): CaseEvent =>
  ({ type: 'PaperCopiesReceived', data: { copies: 5, receivedOn: '2019-03-14', receiver: '李四', recordedBy: { role: 'city', cityCode: '440100' }, ...over } }) as CaseEvent;

describe('paper-copies', () => {
  it('records the copies received, by the city of the case or the province, with the matching scan', () => {
    given(...inCityAudit).when(requested('paper-copies', body()), actors.guangzhou).then([received()]);
    given(...inCityAudit).when(requested('paper-copies', body({ copies: 2, matchesSha256: SHA })), actors.province).then([
      received({ copies: 2, matchesSha256: SHA, recordedBy: { role: 'province' } }),
    ]);
  });

  it('adds every receipt to the case: their total and each of them', () => {
    const s = given(...inCityAudit, received({ copies: 3 }), received({ copies: 2, receivedOn: '2019-03-15' })).caseState!;
    expect(s.paperCopies.total).toBe(5);
    expect(s.paperCopies.receipts.map((r) => r.copies)).toEqual([3, 2]);
    expect(given(...inCityAudit).caseState!.paperCopies).toEqual({ total: 0, receipts: [] });
  });

  it('is allowed from the submission until the case closes, not in a draft or a closed case', () => {
    given(...created).when(requested('paper-copies', body()), actors.guangzhou).thenError('ILLEGAL_TRANSITION');
    given(...inPublicity).when(requested('paper-copies', body({ receivedOn: '2019-08-02' })), actors.province, { now: DURING_PUBLICITY }).decision();
    const later = new Date('2020-01-02T02:00:00Z');
    given(...inMonitoring).when(requested('paper-copies', body({ receivedOn: '2020-01-02' })), actors.guangzhou, { now: later }).decision();
    const withdrawn = [...inCityAudit, { type: 'CaseWithdrawn', data: { reason: 'r', fromStage: 'cityAudit' } } as CaseEvent];
    given(...withdrawn).when(requested('paper-copies', body()), actors.province).thenError('ILLEGAL_TRANSITION');
  });

  it('is for the city of the case and the province: not another city, the applicant, an expert or an admin', () => {
    given(...inCityAudit).when(requested('paper-copies', body()), actors.shenzhen).thenError('NOT_FOUND');
    given(...inCityAudit).when(requested('paper-copies', body()), actors.tianhe).thenError('FORBIDDEN');
    given(...inCityAudit).when(requested('paper-copies', body()), actors.admin).thenError('FORBIDDEN');
  });

  it('refuses a receipt date in the future or before the submission, naming the field', () => {
    const future = given(...inCityAudit).when(requested('paper-copies', body({ receivedOn: '2019-03-16' })), actors.guangzhou).thenError('VALIDATION_FAILED');
    expect(future.details).toEqual([{ field: 'receivedOn', messages: ['must not be in the future'] }]);
    const early = given(...submittedOn12).when(requested('paper-copies', body({ receivedOn: '2019-03-11' })), actors.guangzhou).thenError('VALIDATION_FAILED');
    expect(early.details).toEqual([{ field: 'receivedOn', messages: ['must not be before the case was submitted (2019-03-12)'] }]);
    given(...submittedOn12).when(requested('paper-copies', body({ receivedOn: '2019-03-12' })), actors.guangzhou).decision();
    // Submitted before the day was recorded: the window's opening is the earliest it can have been.
    const old = given(...inCityAudit).when(requested('paper-copies', body({ receivedOn: '2019-02-26' })), actors.guangzhou).thenError('VALIDATION_FAILED');
    expect(old.details).toEqual([{ field: 'receivedOn', messages: ['must not be before the case was submitted (2019-02-27)'] }]);
  });

  it('refuses bad fields by name: copies 1–20, a date, a receiver of at most 50 characters, a SHA-256', () => {
    expect(refusedBody('paper-copies', body({ copies: 0 })).details).toEqual([{ field: 'copies', messages: ['must be at least 1'] }]);
    expect(refusedBody('paper-copies', body({ copies: 21 })).details).toEqual([{ field: 'copies', messages: ['must be at most 20'] }]);
    expect(refusedBody('paper-copies', body({ copies: 2.5 })).details).toEqual([{ field: 'copies', messages: ['must be a whole number'] }]);
    expect(refusedBody('paper-copies', body({ receivedOn: '2019-02-30' })).details).toEqual([{ field: 'receivedOn', messages: ['must be a date YYYY-MM-DD'] }]);
    expect(refusedBody('paper-copies', body({ receiver: ' ' })).details).toEqual([{ field: 'receiver', messages: ['must not be blank'] }]);
    expect(refusedBody('paper-copies', body({ receiver: '李'.repeat(51) })).details).toEqual([{ field: 'receiver', messages: ['must be at most 50 characters (has 51)'] }]);
    expect(refusedBody('paper-copies', body({ matchesSha256: 'abc' })).details).toEqual([{ field: 'matchesSha256', messages: ['must be a SHA-256 in 64 lowercase hex digits'] }]);
    expect(refusedBody('paper-copies', { copies: 5 }).details).toEqual([
      { field: 'receivedOn', messages: ['is required'] },
      { field: 'receiver', messages: ['is required'] },
    ]);
  });
});
