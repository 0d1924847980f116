import { MemoryEventStore } from '@shenbao/event-store';
import { emailJobId, renderEmail } from './email';
import type { Notice } from './notice.types';
import { UserLogDirectory, addresses, recipientsAmong, type NotifiableUser } from './recipients';

const user = (id: string, over: Partial<NotifiableUser>): NotifiableUser => ({
  id,
  displayName: id,
  role: 'applicant',
  active: true,
  email: `${id}@example.gov.cn`,
  ...over,
});

const USERS: NotifiableUser[] = [
  user('u-th', { cityCode: '440100', districtCode: '440106' }),
  user('u-gz-dept', { cityCode: '440100' }),
  user('u-city', { role: 'city', cityCode: '440100' }),
  user('u-city-sz', { role: 'city', cityCode: '440300' }),
  user('u-prov', { role: 'province' }),
  user('u-prov-2', { role: 'province', email: undefined }),
  user('u-prov-3', { role: 'province', active: false }),
  user('u-x1', { role: 'expert', expertId: 'x1' }),
  user('u-admin', { role: 'admin' }),
];

describe('recipients', () => {
  it.each([
    ['province', ['u-prov']],
    ['city:440100', ['u-city']],
    ['expert:x1', ['u-x1']],
    ['applicant:440100:440106', ['u-th']],
    ['applicant:440100:-', ['u-gz-dept']],
    ['applicant:440300:440305', []],
    ['u-admin', ['u-admin']],
    ['nonsense', []],
  ])('%s reaches %j (active, with an e-mail address)', (key, ids) => {
    expect(recipientsAmong(USERS, key).map((r) => r.userId)).toEqual(ids);
  });

  it('a district key does not reach the city department, nor the other way round', () => {
    expect(addresses('applicant:440100:-', USERS[0]!)).toBe(false);
    expect(addresses('applicant:440100:440106', USERS[1]!)).toBe(false);
  });

  it('UserLogDirectory folds registrations, deactivations, reactivations and profile changes from the log', async () => {
    const store = new MemoryEventStore();
    const meta = { actor: 'system', role: 'admin', at: '2019-03-01T00:00:00Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
    const registered = (userId: string, username: string, extra: object) => ({
      id: `00000000-0000-4000-8000-${userId.padStart(12, '0')}`,
      type: 'UserRegistered',
      data: { userId, username, passwordHash: 'h', displayName: username, ...extra },
      metadata: meta,
    });
    await store.append([{ stream: 'user-prov', expectedRevision: 'no_stream', events: [registered('1', 'prov', { role: 'province', email: 'prov@gd.gov.cn' })] }]);
    await store.append([{ stream: 'user-prov2', expectedRevision: 'no_stream', events: [registered('2', 'prov2', { role: 'province', email: 'p2@gd.gov.cn' })] }]);
    const directory = new UserLogDirectory(store);
    expect((await directory.recipients('province')).map((r) => r.email)).toEqual(['prov@gd.gov.cn', 'p2@gd.gov.cn']);

    await store.append([
      {
        stream: 'user-prov2',
        expectedRevision: 0,
        events: [{ id: '00000000-0000-4000-8000-0000000000ff', type: 'UserDeactivated', data: { reason: 'left' }, metadata: meta }],
      },
    ]);
    expect(await directory.recipients('province')).toEqual([{ userId: '1', email: 'prov@gd.gov.cn', displayName: 'prov' }]);

    const later = (n: number, type: string, data: object) => ({ id: `00000000-0000-4000-8000-0000000001${n}0`, type, data, metadata: meta });
    await store.append([
      { stream: 'user-prov2', expectedRevision: 1, events: [later(1, 'UserReactivated', { reason: 'back' })] },
      { stream: 'user-prov', expectedRevision: 0, events: [later(2, 'UserUpdated', { changes: { role: 'city', cityCode: '440100', email: 'gz@gd.gov.cn' } })] },
    ]);
    expect((await directory.recipients('province')).map((r) => r.email)).toEqual(['p2@gd.gov.cn']);
    expect((await directory.recipients('city:440100')).map((r) => r.email)).toEqual(['gz@gd.gov.cn']);
    await store.close();
  });
});

describe('renderEmail', () => {
  const notice: Notice = {
    noticeId: '0123456789abcdef0123456789abcdef',
    kind: 'returned-for-revision',
    caseId: 'c1',
    recipientKey: 'applicant:440100:440106',
    subject: { zh: '退回修改：天河', en: 'Returned for revision: 天河' },
    body: { zh: '请修改后重新提交。', en: 'Please revise and submit it again.' },
    eventId: 'e1',
    at: '2019-04-02T02:00:00.000Z',
  };

  it('one e-mail per user: Chinese first, English second, a deterministic job id without ":"', () => {
    const mail = renderEmail(notice, { userId: 'u-th', email: 'th@example.gov.cn', displayName: '天河区申报员' });
    expect(mail).toMatchObject({ to: 'th@example.gov.cn', userId: 'u-th', subject: '退回修改：天河 | Returned for revision: 天河', noticeId: notice.noticeId });
    expect(mail.text.indexOf('请修改后重新提交')).toBeGreaterThan(-1);
    expect(mail.text.indexOf('请修改后重新提交')).toBeLessThan(mail.text.indexOf('Please revise'));
    expect(emailJobId(notice.noticeId, 'u-th')).toBe(`nt-${notice.noticeId}-u-th`);
    expect(emailJobId(notice.noticeId, 'odd:id')).not.toContain(':');
  });
});
