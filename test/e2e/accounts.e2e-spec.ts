/**
 * Accounts and sessions (API.md "Additions"): profile changes, deactivation and reactivation, one-time passwords,
 * changing one's own password, signing out, and which access tokens stand — over HTTP on the embedded default.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialStore } from '../../apps/api/src/auth/credential.store';
import { PasswordHasher } from '../../apps/api/src/auth/password-hasher';
import { ACCOUNT_PASSWORD as PASSWORD, Accounts, bearer } from './support/accounts-http';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

describe('accounts and sessions (e2e)', () => {
  let t: TestApp;
  let acc: Accounts;

  beforeAll(async () => {
    t = await bootTestApp();
    acc = new Accounts(t);
    await acc.signInAdmin();
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (token: string) => acc.as(token);
  const createUser = (username: string, spec?: Record<string, unknown>) => acc.createUser(username, spec);
  const events = (username: string) => acc.events(username);
  const adminId = () => acc.adminId();
  const sqlite = (file: string) => acc.sqlite(file);

  describe('PATCH /users/:id', () => {
    it('changes the profile, names the actor and reason in the event, and the guard applies the new role at once', async () => {
      const id = await createUser('patch-me', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
      const token = await t.token('patch-me', PASSWORD);
      await as(token).get('/users').expect(403);
      const res = await as(acc.admin).patch(`/users/${id}`, { role: 'admin', cityCode: null, districtCode: null, displayName: '管理员二', reason: '岗位调整' }).expect(200);
      expect(res.body).toMatchObject({ id, role: 'admin', displayName: '管理员二', active: true });
      expect(res.body).not.toHaveProperty('cityCode');
      await as(token).get('/users').expect(200);
      expect((await events('patch-me')).at(-1)).toEqual({
        type: 'UserUpdated',
        data: { changes: { role: 'admin', cityCode: null, districtCode: null, displayName: '管理员二' }, reason: '岗位调整' },
        actor: await adminId(),
      });
    });

    it('names the field when role and scope disagree, and changes nothing', async () => {
      const id = await createUser('patch-bad', { role: 'applicant', cityCode: '440100', districtCode: '440106' });
      const before = await events('patch-bad');
      const res = await as(acc.admin).patch(`/users/${id}`, { role: 'city' }).expect(400);
      expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'districtCode', messages: [expect.stringContaining('city')] }] });
      const typo = await as(acc.admin).patch(`/users/${id}`, { cityCode: '4401' }).expect(400);
      expect(typo.body.details).toEqual([expect.objectContaining({ field: 'cityCode' })]);
      const unknown = await as(acc.admin).patch(`/users/${id}`, { username: 'renamed' }).expect(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'username' })]);
      await as(acc.admin).patch(`/users/${id}`, {}).expect(400);
      expect(await events('patch-bad')).toEqual(before);
      await as(acc.admin).patch('/users/no-such-user', { displayName: 'x' }).expect(404);
    });
  });

  describe('deactivation', () => {
    it('ends the user’s tokens at once, refuses sign-in, and reactivation needs a new sign-in', async () => {
      const id = await createUser('leaver');
      const token = await t.token('leaver', PASSWORD);
      await as(token).get('/users/me').expect(200);
      const res = await as(acc.admin).post(`/users/${id}/deactivate`, { reason: '调离' }).expect(200);
      expect(res.body).toMatchObject({ id, active: false });
      expect((await as(token).get('/users/me').expect(401)).body.error).toBe('UNAUTHENTICATED');
      await acc.login('leaver', PASSWORD).expect(401);
      const listed = await as(acc.admin).get('/users?active=false').expect(200);
      expect((listed.body.items as { username: string }[]).map((u) => u.username)).toContain('leaver');

      await as(acc.admin).post(`/users/${id}/reactivate`, { reason: '返岗' }).expect(200);
      await as(token).get('/users/me').expect(401);
      await as(await t.token('leaver', PASSWORD)).get('/users/me').expect(200);
      expect((await events('leaver')).slice(-2)).toEqual([
        { type: 'UserDeactivated', data: { reason: '调离' }, actor: await adminId() },
        { type: 'UserReactivated', data: { reason: '返岗' }, actor: await adminId() },
      ]);
    });

    it('needs a reason and refuses what makes no sense', async () => {
      const id = await createUser('stayer');
      const noReason = await as(acc.admin).post(`/users/${id}/deactivate`, {}).expect(400);
      expect(noReason.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
      const active = await as(acc.admin).post(`/users/${id}/reactivate`, { reason: 'x' }).expect(422);
      expect(active.body.details).toEqual([expect.objectContaining({ rule: 'user.active' })]);
      const self = await as(acc.admin).post(`/users/${await adminId()}/deactivate`, { reason: 'x' }).expect(422);
      expect(self.body.details).toEqual([expect.objectContaining({ rule: 'user.selfDeactivation' })]);
    });
  });

  describe('password reset and change', () => {
    it('issues a one-time password; until it is changed only the password change (and /users/me, logout) answers', async () => {
      const id = await createUser('forgetful', { role: 'city', cityCode: '440100' });
      const old = await t.token('forgetful', PASSWORD);
      const reset = await as(acc.admin).post(`/users/${id}/password-reset`, { reason: '忘记密码' }).expect(200);
      expect(reset.body).toEqual({ temporaryPassword: expect.stringMatching(/^\S{20}$/) });
      await as(old).get('/users/me').expect(401);
      await acc.login('forgetful', PASSWORD).expect(401);

      const login = await acc.login('forgetful', reset.body.temporaryPassword).expect(200);
      expect(login.body.user).toMatchObject({ username: 'forgetful', mustChangePassword: true });
      const temp = login.body.accessToken as string;
      const blocked = await as(temp).get('/cases').expect(403);
      expect(blocked.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN', details: { reason: 'passwordChangeRequired' } });
      expect((await as(temp).get('/users/me').expect(200)).body).toMatchObject({ mustChangePassword: true });

      const weak = await as(temp).post('/users/me/password', { currentPassword: reset.body.temporaryPassword, newPassword: 'forgetful' }).expect(400);
      expect(weak.body.details).toEqual([expect.objectContaining({ field: 'newPassword' })]);
      const same = await as(temp).post('/users/me/password', { currentPassword: reset.body.temporaryPassword, newPassword: reset.body.temporaryPassword }).expect(400);
      expect(same.body.details).toEqual([{ field: 'newPassword', messages: [expect.stringContaining('differ')] }]);
      const changed = await as(temp).post('/users/me/password', { currentPassword: reset.body.temporaryPassword, newPassword: 'Brand-new-pass-2' }).expect(200);
      await as(temp).get('/users/me').expect(401);
      await as(changed.body.accessToken as string).get('/cases').expect(200);
      await acc.login('forgetful', reset.body.temporaryPassword).expect(401);
      const again = await acc.login('forgetful', 'Brand-new-pass-2').expect(200);
      expect(again.body.user.mustChangePassword).toBe(false);
      expect((await events('forgetful')).slice(-2)).toEqual([
        { type: 'UserPasswordReset', data: { reason: '忘记密码' }, actor: await adminId() },
        { type: 'UserPasswordChanged', data: {}, actor: id },
      ]);
    });

    it('needs the current password; a wrong one names the field and changes nothing', async () => {
      await createUser('changer');
      const token = await t.token('changer', PASSWORD);
      const res = await as(token).post('/users/me/password', { currentPassword: 'Not-the-pass-1', newPassword: 'Another-pass-9' }).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
      await as(token).get('/users/me').expect(200);
      await t.token('changer', PASSWORD);
    });

    it('keeps hashes out of the log: events say a password was set; the credential table holds one hash per user', async () => {
      const id = await createUser('hashless');
      const token = await t.token('hashless', PASSWORD);
      await as(token).post('/users/me/password', { currentPassword: PASSWORD, newPassword: 'Second-pass-22' }).expect(200);
      const db = sqlite('events.sqlite');
      try {
        const logged = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM events WHERE data LIKE '%argon2%'").get();
        expect(logged?.n).toBe(0);
        const rows = db.prepare<[string], { password_hash: string }>('SELECT password_hash FROM user_credentials WHERE user_id = ?').all(id);
        expect(rows).toEqual([{ password_hash: expect.stringMatching(/^\$argon2id\$/) }]);
      } finally {
        db.close();
      }
    });

    it('a credential row whose event never made it to the log (a crash in between) is never used', async () => {
      const id = await createUser('crashy');
      const stray = await new PasswordHasher('fast').hash('Stray-pass-123');
      await t.app.get(CredentialStore).set({ userId: id, eventId: 'never-appended', passwordHash: stray });
      await acc.login('crashy', 'Stray-pass-123').expect(401);
      await t.token('crashy', PASSWORD);
    });
  });

  describe('tokens', () => {
    it('logout ends only this token, also after a restart', async () => {
      await createUser('two-tabs');
      const first = await t.token('two-tabs', PASSWORD);
      const second = await t.token('two-tabs', PASSWORD);
      await as(first).post('/auth/logout').expect(204);
      await as(first).get('/users/me').expect(401);
      await as(second).get('/users/me').expect(200);
      await t.restart();
      acc.admin = await t.token('admin', ADMIN_PASSWORD);
      await as(first).get('/users/me').expect(401);
      await as(second).get('/users/me').expect(200);
    });

    it('refuses a correctly signed token without exp, or valid longer than 8 hours', async () => {
      const secret = readFileSync(join(t.dataDir, 'jwt-secret'), 'utf8').trim();
      const me = (await as(acc.admin).get('/users/me').expect(200)).body as { id: string };
      const sign = (claims: object) => {
        const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
        return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
      };
      const now = Math.floor(Date.now() / 1000);
      const claims = { sub: me.id, username: 'admin', role: 'admin', sv: 0, jti: 'forged-1', iat: now };
      await as(sign({ ...claims, exp: now + 3600 })).get('/users/me').expect(200);
      const res = await as(sign(claims)).get('/users/me').expect(401);
      expect(res.body.error).toBe('UNAUTHENTICATED');
      await as(sign({ ...claims, exp: now + 9 * 3600 })).get('/users/me').expect(401);
      const { sv: _sv, ...noVersion } = claims;
      await as(sign({ ...noVersion, exp: now + 3600 })).get('/users/me').expect(401);
    });

    it('issues tokens that expire within 8 hours and name themselves', async () => {
      const token = await t.token('admin', ADMIN_PASSWORD);
      const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number; iat: number; jti: string };
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(8 * 3600);
      expect(claims.jti).toEqual(expect.any(String));
    });
  });

  describe('GET /users filters', () => {
    it('by q, role, cityCode and active', async () => {
      await createUser('filter-gz', { role: 'city', cityCode: '440100', displayName: '广州市工信局' });
      await createUser('filter-sz', { role: 'city', cityCode: '440300', displayName: '深圳市工信局' });
      const names = async (query: string) => ((await as(acc.admin).get(`/users?${query}`).expect(200)).body.items as { username: string }[]).map((u) => u.username);
      expect(await names('q=filter-')).toEqual(['filter-gz', 'filter-sz']);
      expect(await names(`q=${encodeURIComponent('深圳')}`)).toEqual(['filter-sz']);
      expect(await names('role=city&cityCode=440100')).toContain('filter-gz');
      expect(await names('role=city&cityCode=440100')).not.toContain('filter-sz');
      expect(await names('active=true')).toContain('admin');
      const bad = await as(acc.admin).get('/users?role=king&active=maybe').expect(400);
      expect((bad.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual(['active', 'role']);
    });
  });

  describe('/metrics', () => {
    it('answers an admin, and 403 to any other role', async () => {
      await createUser('metrics-prov');
      await t.http().get('/metrics').set(bearer(acc.admin)).expect(200);
      const res = await t.http().get('/metrics').set(bearer(await t.token('metrics-prov', PASSWORD))).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
    });
  });
});
