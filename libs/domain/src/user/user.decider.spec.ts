import type { DecideContext, Role } from '../shared/actor';
import { fold } from '../shared/decider';
import { userDecider, type UserState } from './user.decider';
import type { RegisterUser, UserCommand, UserEvent } from './user.events';

const now = new Date('2019-03-01T08:00:00Z');
const as = (role: Role, userId = `${role}-1`): DecideContext => ({ actor: { userId, role }, now });
const admin = as('admin');
const given = (events: UserEvent[]): UserState => fold(userDecider, events);
const when = (events: UserEvent[], command: UserCommand, ctx: DecideContext = admin): UserEvent[] =>
  userDecider.decide(command, given(events), ctx);

const register = (data: Partial<RegisterUser['data']> = {}): RegisterUser => ({
  type: 'RegisterUser',
  data: { userId: 'u-1', username: 'tianhe.applicant', passwordHash: '$argon2id$v=19$x', displayName: ' 天河区申报员 ', role: 'applicant', cityCode: '440100', districtCode: '440106', ...data },
});
const registered: UserEvent = {
  type: 'UserRegistered',
  data: { userId: 'u-1', username: 'tianhe.applicant', passwordHash: 'h1', displayName: '天河区申报员', role: 'applicant', cityCode: '440100', districtCode: '440106' },
};
/** Matches a VALIDATION_FAILED error whose details name exactly these fields, in order. */
const invalid = (...fields: string[]) =>
  expect.objectContaining({ code: 'VALIDATION_FAILED', details: fields.map((field) => expect.objectContaining({ field })) });

describe('user decider', () => {
  describe('RegisterUser', () => {
    it('an admin registers a district applicant (display name trimmed)', () => {
      expect(when([], register())).toEqual([{ ...registered, data: { ...registered.data, passwordHash: '$argon2id$v=19$x' } }]);
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
        { ...registered, data: { ...registered.data, passwordHash: '$argon2id$v=19$x', email: 'th.bigdata@example.gov.cn' } },
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

  describe('ChangePassword', () => {
    const change = { type: 'ChangePassword', data: { passwordHash: 'h2' } } as const;

    it('the user changes their own password', () => {
      expect(when([registered], change, as('applicant', 'u-1'))).toEqual([{ type: 'UserPasswordChanged', data: { passwordHash: 'h2' } }]);
      expect(given([registered, { type: 'UserPasswordChanged', data: { passwordHash: 'h2' } }])).toMatchObject({ passwordHash: 'h2' });
    });

    it('an admin may reset it; another user may not', () => {
      expect(when([registered], change)).toHaveLength(1);
      expect(() => when([registered], change, as('applicant', 'u-2'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    });

    it('unknown user, blank hash, deactivated user', () => {
      expect(() => when([], change)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
      expect(() => when([registered], { type: 'ChangePassword', data: { passwordHash: '' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
      const deactivated: UserEvent = { type: 'UserDeactivated', data: { reason: 'left' } };
      expect(() => when([registered, deactivated], change, as('applicant', 'u-1'))).toThrow(expect.objectContaining({ code: 'RULE_VIOLATION' }));
    });
  });

  describe('DeactivateUser', () => {
    const deactivate = { type: 'DeactivateUser', data: { reason: ' left the department ' } } as const;

    it('an admin deactivates a user', () => {
      expect(when([registered], deactivate)).toEqual([{ type: 'UserDeactivated', data: { reason: 'left the department' } }]);
      expect(given([registered, { type: 'UserDeactivated', data: { reason: 'x' } }]).status).toBe('deactivated');
    });

    it('only admins; not twice; not oneself; a reason is needed', () => {
      expect(() => when([registered], deactivate, as('province'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
      expect(() => when([registered, { type: 'UserDeactivated', data: { reason: 'x' } }], deactivate)).toThrow(expect.objectContaining({ code: 'RULE_VIOLATION' }));
      expect(() => when([registered], deactivate, as('admin', 'u-1'))).toThrow(expect.objectContaining({ details: [expect.objectContaining({ rule: 'user.selfDeactivation' })] }));
      expect(() => when([registered], { type: 'DeactivateUser', data: { reason: '' } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
      expect(() => when([], deactivate)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });
});
