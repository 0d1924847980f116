/**
 * The paper-copy register (一式五份) over HTTP: `POST /cases/:id/paper-copies` by the city of the case and by the
 * province, shown in `GET /cases/:id` (total and each receipt) and in the history; refused to another city (404, as
 * for every case it cannot see), to the applicant and an expert (403), with bad fields (400 naming the field), in a
 * draft (409), and with a receipt date before the submission or in the future (400 naming receivedOn).
 */
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS } from './support/case-http';
import type { CaseHttp, CaseRef, Party } from './support/case-http';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const party = (districtCode: string, name: string): Party => ({ level: 'district', cityCode: '440100', districtCode, unitName: `广州市${name}区人民政府` });
const SHA = 'c0ffee'.padEnd(64, '0');

describe('paper copies (e2e)', () => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let c: CaseRef;
  const copies = (user: string, body: unknown, caseId = c.id) => h.call(user, 'post', `/cases/${caseId}/paper-copies`, body);

  beforeAll(async () => {
    ({ t, h, programId } = await bootCaseWorld(clock, {
      users: { ...OFFICERS, 'app-th': applicantIn(party('440106', '天河')), 'app-hz': applicantIn(party('440105', '海珠')) },
      experts: { 'exp-1': '440400' },
    }));
    c = await h.submitted('app-th', 'city-gz', party('440106', '天河'), programId);
  });

  afterAll(async () => {
    await t.close();
  });

  it('records receipts by the city of the case and the province, and the case shows their total and each one', async () => {
    const before = await h.call('city-gz', 'get', `/cases/${c.id}`).expect(200);
    expect(before.body.allowedActions).toContain('paper-copies');
    expect(before.body.paperCopies).toEqual({ total: 0, receipts: [] });
    const first = await copies('city-gz', { copies: 3, receivedOn: '2019-03-01', receiver: '李四' }).expect(200);
    expect(first.body).toEqual({ caseId: c.id, revision: before.body.revision + 1, position: expect.any(Number), stage: 'cityAudit' });
    expect(first.headers.etag).toBe(`"${first.body.revision}"`);
    await copies('prov', { copies: 2, receivedOn: '2019-03-01', receiver: '王五', matchesSha256: SHA }).expect(200);
    const after = await h.call('app-th', 'get', `/cases/${c.id}`).expect(200);
    expect(after.body.paperCopies).toEqual({
      total: 5,
      receipts: [
        { copies: 3, receivedOn: '2019-03-01', receiver: '李四', recordedBy: { role: 'city', cityCode: '440100' } },
        { copies: 2, receivedOn: '2019-03-01', receiver: '王五', matchesSha256: SHA, recordedBy: { role: 'province' } },
      ],
    });
    const history = await h.call('prov', 'get', `/cases/${c.id}/history`).expect(200);
    expect((history.body.items as { type: string }[]).filter((i) => i.type === 'PaperCopiesReceived')).toHaveLength(2);
  });

  it('answers a repeated Idempotency-Key with the first response and appends nothing', async () => {
    const body = { copies: 1, receivedOn: '2019-03-01', receiver: '赵六' };
    const headers = { 'Idempotency-Key': `paper-${c.id}` };
    const first = await h.call('city-gz', 'post', `/cases/${c.id}/paper-copies`, body, headers).expect(200);
    const again = await h.call('city-gz', 'post', `/cases/${c.id}/paper-copies`, body, headers).expect(200);
    expect(again.body).toEqual(first.body);
    expect((await h.call('prov', 'get', `/cases/${c.id}`).expect(200)).body.paperCopies.total).toBe(6);
  });

  it('is 404 for another city, 403 for the applicant and an expert', async () => {
    const body = { copies: 1, receivedOn: '2019-03-01', receiver: '李四' };
    expect((await copies('city-sz', body)).body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    expect((await copies('app-th', body)).body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
    expect((await copies('exp-1', body)).body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
  });

  it.each([
    [{ copies: 0, receivedOn: '2019-03-01', receiver: '李四' }, 'copies'],
    [{ copies: 21, receivedOn: '2019-03-01', receiver: '李四' }, 'copies'],
    [{ copies: '5', receivedOn: '2019-03-01', receiver: '李四' }, 'copies'],
    [{ copies: 5, receivedOn: '1 March', receiver: '李四' }, 'receivedOn'],
    [{ copies: 5, receivedOn: '2019-03-01', receiver: ' ' }, 'receiver'],
    [{ copies: 5, receivedOn: '2019-03-01', receiver: '李'.repeat(51) }, 'receiver'],
    [{ copies: 5, receivedOn: '2019-03-01', receiver: '李四', matchesSha256: 'not-a-hash' }, 'matchesSha256'],
    [{ copies: 5, receivedOn: '2019-03-01', receiver: '李四', extra: true }, 'extra'],
    [{ copies: 5, receivedOn: '2019-12-31', receiver: '李四' }, 'receivedOn'],
    [{ copies: 5, receivedOn: '2019-02-28', receiver: '李四' }, 'receivedOn'],
  ])('refuses %j with 400 naming %s', async (body, field) => {
    const res = await copies('city-gz', body).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED', details: [{ field, messages: [expect.any(String)] }] });
  });

  it('is not offered or allowed in a draft (409 ILLEGAL_TRANSITION)', async () => {
    const draft = await h.createCase('app-hz', 'city-gz', party('440105', '海珠'), programId);
    const res = await copies('city-gz', { copies: 5, receivedOn: '2019-03-01', receiver: '李四' }, draft.id).expect(409);
    expect(res.body).toMatchObject({ error: 'ILLEGAL_TRANSITION', details: { stage: 'draft', allowedActions: [] } });
  });
});
