/**
 * Accounts on DATA_DIR itself: `npm run admin:reset-password` (offline, refused while the API runs), the modes of
 * DATA_DIR and its files, and data directories whose old user events carry password hashes.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { userDecider, userStream } from '@shenbao/domain';
import type { UserEvent } from '@shenbao/domain';
import { PasswordHasher } from '../../apps/api/src/auth/password-hasher';
import { CommandRunner } from '@shenbao/commands';
import { ACCOUNT_PASSWORD as PASSWORD, Accounts } from './support/accounts-http';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

describe('accounts on DATA_DIR (e2e)', () => {
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

  describe('npm run admin:reset-password', () => {
    const resetOffline = (...args: string[]) =>
      spawnSync(process.execPath, [join(__dirname, '../../scripts/admin-reset-password.cjs'), '--data-dir', t.dataDir, ...args], {
        env: { ...process.env, DATA_DIR: '', ADMIN_PASSWORD: '' },
        encoding: 'utf8',
      });

    it('refuses while the API runs on DATA_DIR; with it stopped, prints a one-time password that must be changed', async () => {
      const running = resetOffline();
      expect(running.status).toBe(1);
      expect(running.stderr).toContain('Stop it first');
      await t.token('admin', ADMIN_PASSWORD);

      let printed = '';
      await t.restart(undefined, () => {
        const stopped = resetOffline();
        expect(stopped.stderr).toBe('');
        expect(stopped.status).toBe(0);
        printed = stopped.stdout;
      });
      const temporary = /password: (\S+)/.exec(printed)?.[1] ?? '';
      expect(printed).toContain('username: admin');
      expect(temporary).toMatch(/^\S{20}$/);
      await acc.login('admin', ADMIN_PASSWORD).expect(401);
      const login = await acc.login('admin', temporary).expect(200);
      expect(login.body.user.mustChangePassword).toBe(true);
      const changed = await as(login.body.accessToken as string).post('/users/me/password', { currentPassword: temporary, newPassword: ADMIN_PASSWORD }).expect(200);
      acc.admin = changed.body.accessToken as string;
      expect((await events('admin')).filter((e) => e.type === 'UserPasswordReset')).toEqual([
        { type: 'UserPasswordReset', data: { reason: expect.stringContaining('npm run admin:reset-password') }, actor: 'system' },
      ]);
    });

    it('--reactivate brings back a deactivated admin (no administrator left to do it)', async () => {
      await createUser('admin-two', { role: 'admin' });
      const two = await t.token('admin-two', PASSWORD);
      await as(two).post(`/users/${await adminId()}/deactivate`, { reason: '误操作' }).expect(200);
      let printed = '';
      await t.restart(undefined, () => {
        const run = resetOffline('--reactivate');
        expect(run.status).toBe(0);
        printed = run.stdout;
      });
      expect(printed).toContain('active again');
      const temporary = /password: (\S+)/.exec(printed)![1]!;
      const login = await acc.login('admin', temporary).expect(200);
      const changed = await as(login.body.accessToken as string).post('/users/me/password', { currentPassword: temporary, newPassword: ADMIN_PASSWORD }).expect(200);
      acc.admin = changed.body.accessToken as string;
      expect((await events('admin')).slice(-3).map((e) => e.type)).toEqual(['UserReactivated', 'UserPasswordReset', 'UserPasswordChanged']);
    });

    it('names an unknown account', async () => {
      let result: ReturnType<typeof resetOffline> | undefined;
      await t.restart(undefined, () => {
        result = resetOffline('--username', 'nobody');
      });
      acc.admin = await t.token('admin', ADMIN_PASSWORD);
      expect(result?.status).toBe(1);
      expect(result?.stderr).toContain('no account "nobody"');
    });
  });

  describe('DATA_DIR', () => {
    it('is 0700 and every file the API made in it (SQLite files with their -wal/-shm, the JWT secret) is 0600', async () => {
      await createUser('modes-check');
      const files: string[] = [];
      const walk = (dir: string): void => {
        expect({ dir, mode: (statSync(dir).mode & 0o777).toString(8) }).toEqual({ dir, mode: '700' });
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          if (e.isDirectory()) walk(join(dir, e.name));
          else files.push(join(dir, e.name));
        }
      };
      walk(t.dataDir);
      expect(files.map((f) => f.slice(t.dataDir.length + 1))).toEqual(expect.arrayContaining(['events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'jwt-secret']));
      expect(files.filter((f) => (statSync(f).mode & 0o777) !== 0o600)).toEqual([]);
    });
  });

  describe('data directories from before the credential table', () => {
    it('copies the hash an old registration event carries into the table on start; login works', async () => {
      const hash = await new PasswordHasher('fast').hash('Legacy-pass-1');
      const userId = 'legacy-user-1';
      await t.app.get(CommandRunner).run(
        'SeedLegacyUser',
        { user: { stream: userStream('legacy'), model: userDecider } },
        () => ({ user: [{ type: 'UserRegistered', data: { userId, username: 'legacy', passwordHash: hash, displayName: 'Legacy', role: 'province' } } satisfies UserEvent] }),
        { actor: { userId: 'system', role: 'system' }, correlationId: 'legacy-seed' },
      );
      await t.restart();
      const db = sqlite('events.sqlite');
      try {
        expect(db.prepare('SELECT password_hash FROM user_credentials WHERE user_id = ?').pluck().get(userId)).toBe(hash);
      } finally {
        db.close();
      }
      acc.admin = await t.token('admin', ADMIN_PASSWORD);
      await as(await t.token('legacy', 'Legacy-pass-1')).get('/users/me').expect(200);
    });
  });
});
