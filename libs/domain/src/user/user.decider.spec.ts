import type { DecideContext, Role } from '../shared/actor';
import { fold } from '../shared/decider';
import { userDecider, type UserState } from './user.decider';
import type { RegisterUser, UpdateUser, UserCommand, UserEvent } from './user.events';

const now = new Date('2019-03-01T08:00:00Z');
const as = (role: Role, userId = `${role}-1`): DecideContext => ({ actor: { userId, role }, now });
const admin = as('admin');
const given = (events: UserEvent[]): UserState => fold(userDecider, events);
const when = (events: UserEvent[], command: UserCommand, ctx: DecideContext = admin): UserEvent[] =>
  userDecider.decide(command, given(events), ctx);

const register = (data: Partial<RegisterUser['data']> = {}): RegisterUser => ({
  type: 'RegisterUser',
  data: { userId: 'u-1', username: 'tianhe.applicant', displayName: ' 天河区申报员 ', role: 'applicant', cityCode: '440100', districtCode: '440106', ...data },
});
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u-1', username: 'tianhe.applicant', displayName: '天河区申报员', role: 'applicant', cityCode: '440100', districtCode: '440106' },
};
/** Matches a VALIDATION_FAILED error whose details name exactly these fields, in order. */
const invalid = (...fields: string[]) =>
  expect.objectContaining({ code: 'VALIDATION_FAILED', details: fields.map((field) => expect.objectContaining({ field })) });

describe('user decider', () => {
  describe('RegisterUser', () => {
    it('an admin registers a district applicant (display name trimmed)', () => {
      expect(when([], register())).toEqual([registered]);
    });

    it.each(['province', 'city', 'applicant', 'expert'] as Role[])('a %s may not register users', (role) => {
      expect(() => when([], register(), as(role))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('the username is taken once the stream has a registration', () => {
      expect(() => when([registered], register())).toThrow(expect.objectContaining({ code: 'RULE_VIOLATION', details: [{ rule: 'user.exists', message: expect.any(String) }] }));
    });

    it.each(['ab', 'Upper', 'has space', 'x'.repeat(33), '张三'])('refuses username %s', (username) => {
      expect(() => when([], register({ username }))).toThrow(invalid('username'));
    });

    it('keeps an optional e-mail address for notices', () => {
      expect(when([], register({ email: 'th.bigdata@example.gov.cn' }))).toEqual([
        { ...registered, data: { ...registered.data, email: 'th.bigdata@example.gov.cn' } },
      ]);
      expect(when([], register())[0]!.data).not.toHaveProperty('email');
    });

    it.each(['not-an-address', 'a@b', 'two@@example.com', ' x@example.com', ''])('refuses e-mail %p', (email) => {
      expect(() => when([], register({ email }))).toThrow(invalid('email'));
    });

    it('refuses a blank display name and an unknown role', () => {
      expect(() => when([], register({ displayName: '\u3000' }))).toThrow(invalid('displayName'));
      expect(() => when([], register({ role: 'root' as Role }))).toThrow(invalid('role'));
    });

    describe('role and scope must agree', () => {
      it.each([
        ['city without cityCode', { role: 'city', cityCode: undefined, districtCode: undefined }, ['cityCode']],
        ['city with a district', { role: 'city' }, ['districtCode']],
        ['applicant without cityCode', { cityCode: undefined, districtCode: undefined }, ['cityCode']],
        ['district outside the city', { districtCode: '440305' }, ['districtCode']],
        ['a city code as district', { districtCode: '440100' }, ['districtCode']],
        ['malformed city code', { cityCode: '4401', districtCode: undefined }, ['cityCode']],
        ['expert without expertId', { role: 'expert', cityCode: undefined, districtCode: undefined }, ['expertId']],
        ['expert with a city', { role: 'expert', expertId: 'x-1', districtCode: undefined }, ['cityCode']],
        ['province with a city', { role: 'province', districtCode: undefined }, ['cityCode']],
        ['admin with an expertId', { role: 'admin', cityCode: undefined, districtCode: undefined, expertId: 'x-1' }, ['expertId']],
      ] as [string, Partial<RegisterUser['data']>, string[]][])('%s', (_name, data, fields) => {
        expect(() => when([], register(data))).toThrow(invalid(...fields));
      });

      it.each([
        ['a city-level applicant (no district)', { districtCode: undefined }],
        ['a city officer', { role: 'city', districtCode: undefined }],
        ['an expert', { role: 'expert', cityCode: undefined, districtCode: undefined, expertId: 'x-1' }],
        ['a province officer', { role: 'province', cityCode: undefined, districtCode: undefined }],
      ] as [string, Partial<RegisterUser['data']>][])('accepts %s', (_name, data) => {
        expect(when([], register(data))).toHaveLength(1);
      });
    });
  });


  it('a registration carries no password hash; an old one that did still folds', () => {
    expect(when([], register())[0]!.data).not.toHaveProperty('passwordHash');
    const legacy: UserEvent = { ...registered, data: { ...registered.data, passwordHash: '$argon2id$old' } };
    expect(given([legacy])).not.toHaveProperty('passwordHash');
    expect(given([legacy])).toMatchObject({ status: 'active', sessionVersion: 0, mustChangePassword: false });
  });

  describe('UpdateUser', () => {
    const update = (changes: UpdateUser['data']['changes'], reason?: string): UpdateUser => ({
      type: 'UpdateUser',
      data: { changes, ...(reason !== undefined ? { reason } : {}) },
    });

    it('an admin changes the display name and e-mail, with a reason', () => {
      expect(when([registered], update({ displayName: ' 天河区数据局 ', email: 'th@example.gov.cn' }, ' 机构改革 '))).toEqual([
        { type: 'UserUpdated', data: { changes: { displayName: '天河区数据局', email: 'th@example.gov.cn' }, reason: '机构改革' } },
      ]);
    });

    it('moves an applicant to the province, removing the scope with null', () => {
      const events = when([registered], update({ role: 'province', cityCode: null, districtCode: null }));
      expect(events).toEqual([{ type: 'UserUpdated', data: { changes: { role: 'province', cityCode: null, districtCode: null } } }]);
      const state = given([registered, ...events]);
      expect(state).toMatchObject({ role: 'province' });
      expect(state).not.toHaveProperty('cityCode');
      expect(state).not.toHaveProperty('districtCode');
    });

    it('checks the role and scope of the profile as it would be, naming the field', () => {
      expect(() => when([registered], update({ role: 'province' }))).toThrow(invalid('cityCode', 'districtCode'));
      expect(() => when([registered], update({ districtCode: '440305' }))).toThrow(invalid('districtCode'));
      expect(() => when([registered], update({ role: 'city' }))).toThrow(invalid('districtCode'));
      expect(() => when([registered], update({ role: 'expert', cityCode: null, districtCode: null }))).toThrow(invalid('expertId'));
      expect(() => when([registered], update({ displayName: null as unknown as string }))).toThrow(invalid('displayName'));
      expect(() => when([registered], update({ email: 'nope' }))).toThrow(invalid('email'));
      expect(() => when([registered], update({ username: 'x' } as never))).toThrow(invalid('username'));
      expect(() => when([registered], update({}))).toThrow(invalid('body'));
    });

    it('appends nothing when nothing changes', () => {
      expect(when([registered], update({ displayName: '天河区申报员', cityCode: '440100' }))).toEqual([]);
    });

    it('only admins; not their own role; unknown user', () => {
      expect(() => when([registered], update({ displayName: 'x' }), as('province'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      const admin1: UserEvent = { type: 'UserRegistered', data: { userId: 'admin-1', username: 'admin', displayName: 'A', role: 'admin' } };
      expect(() => when([admin1], update({ role: 'province' }))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ rule: 'user.selfRoleChange' })] }));
      expect(when([admin1], update({ displayName: 'Administrator' }))).toHaveLength(1);
      expect(() => when([], update({ displayName: 'x' }))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });

  describe('sessions and passwords', () => {
    const deactivated: UserEvent = { type: 'UserDeactivated', data: { reason: 'left' } };

    it('the user changes their own password: no hash in the event, every session ends', () => {
      const events = when([registered], { type: 'ChangePassword', data: {} }, as('applicant', 'u-1'));
      expect(events).toEqual([{ type: 'UserPasswordChanged', data: {} }]);
      expect(given([registered, ...events])).toMatchObject({ sessionVersion: 1, mustChangePassword: false });
    });

    it('nobody else changes it (an admin resets it), nor a deactivated user', () => {
      expect(() => when([registered], { type: 'ChangePassword', data: {} })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => when([registered, deactivated], { type: 'ChangePassword', data: {} }, as('applicant', 'u-1'))).toThrow(
        expect.objectContaining({ code: 'RULE_VIOLATION' }),
      );
      expect(() => when([], { type: 'ChangePassword', data: {} })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });

    it('an admin resets a password: sessions end and a change is required until the user makes one', () => {
      const reset = when([registered], { type: 'ResetPassword', data: { reason: '忘记密码' } });
      expect(reset).toEqual([{ type: 'UserPasswordReset', data: { reason: '忘记密码' } }]);
      expect(given([registered, ...reset])).toMatchObject({ sessionVersion: 1, mustChangePassword: true });
      const changed = given([registered, ...reset, { type: 'UserPasswordChanged', data: {} }]);
      expect(changed).toMatchObject({ sessionVersion: 2, mustChangePassword: false });
      expect(() => when([registered], { type: 'ResetPassword', data: {} }, as('city'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => when([registered], { type: 'ResetPassword', data: { reason: ' ' } })).toThrow(invalid('reason'));
    });

    it('signing out names one token and leaves the session version alone', () => {
      const out = { type: 'SignOut', data: { tokenId: 'jti-1', expiresAt: '2019-03-01T16:00:00Z' } } as const;
      expect(when([registered], out, as('applicant', 'u-1'))).toEqual([{ type: 'UserSignedOut', data: out.data }]);
      expect(given([registered, { type: 'UserSignedOut', data: out.data }]).status === 'active').toBe(true);
      expect(given([registered, { type: 'UserSignedOut', data: out.data }])).toMatchObject({ sessionVersion: 0 });
      expect(() => when([registered], out, as('admin'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => when([registered], { type: 'SignOut', data: { tokenId: 'x', expiresAt: 'soon' } }, as('applicant', 'u-1'))).toThrow(invalid('expiresAt'));
    });
  });

  describe('DeactivateUser and ReactivateUser', () => {
    const deactivate = { type: 'DeactivateUser', data: { reason: ' left the department ' } } as const;
    const reactivate = { type: 'ReactivateUser', data: { reason: ' returned ' } } as const;
    const deactivated: UserEvent = { type: 'UserDeactivated', data: { reason: 'x' } };

    it('an admin deactivates a user, ending their sessions, and reactivates them', () => {
      expect(when([registered], deactivate)).toEqual([{ type: 'UserDeactivated', data: { reason: 'left the department' } }]);
      expect(given([registered, deactivated])).toMatchObject({ status: 'deactivated', sessionVersion: 1 });
      expect(when([registered, deactivated], reactivate)).toEqual([{ type: 'UserReactivated', data: { reason: 'returned' } }]);
      // Tokens from before the deactivation stay ended.
      expect(given([registered, deactivated, { type: 'UserReactivated', data: { reason: 'r' } }])).toMatchObject({ status: 'active', sessionVersion: 1 });
    });

    it('only admins; not twice; not oneself; a reason is needed', () => {
      expect(() => when([registered], deactivate, as('province'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => when([registered, deactivated], reactivate, as('province'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => when([registered, deactivated], deactivate)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ rule: 'user.deactivated' })] }));
      expect(() => when([registered], reactivate)).toThrow(expect.objectContaining({ details: [expect.objectContaining({ rule: 'user.active' })] }));
      expect(() => when([registered], deactivate, as('admin', 'u-1'))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ rule: 'user.selfDeactivation' })] }));
      expect(() => when([registered], { type: 'DeactivateUser', data: { reason: '' } })).toThrow(invalid('reason'));
      expect(() => when([registered, deactivated], { type: 'ReactivateUser', data: { reason: '  ' } })).toThrow(invalid('reason'));
      expect(() => when([], deactivate)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });
});
