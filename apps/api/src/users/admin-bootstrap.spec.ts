import { Logger } from '@nestjs/common';
import type { CommandBus } from '@nestjs/cqrs';
import { passwordProblems } from '@shenbao/domain';
import type { AppConfig } from '@shenbao/host';
import { AdminBootstrap, firstStartBox, generatePassword } from './admin-bootstrap';
import type { UserDirectory, UserRecord } from './user-directory';

describe('first admin password', () => {
  it('is 20 characters that pass the password policy, and differs every time', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword());
    for (const pw of passwords) {
      expect(pw).toHaveLength(20);
      expect(passwordProblems(pw, 'admin')).toEqual([]);
      expect(pw).not.toMatch(/[0O1lI]/);
    }
    expect(new Set(passwords).size).toBe(50);
  });

  it('is printed in a box with the username and the command that runs the tour', () => {
    const box = firstStartBox('admin', 'Abcdefghijkmnpqrst23');
    expect(box).toContain('username: admin');
    expect(box).toContain('password: Abcdefghijkmnpqrst23');
    expect(box).toContain("ADMIN_PASSWORD='Abcdefghijkmnpqrst23' bash docs/tour.sh");
    expect(firstStartBox('admin', 'Abcdefghijkmnpqrst23', 8080)).toContain(
      "ADMIN_PASSWORD='Abcdefghijkmnpqrst23' API=http://localhost:8080/api/v1 bash docs/tour.sh",
    );
    const lines = box.trim().split('\n');
    expect(new Set(lines.map((l) => [...l].length)).size).toBe(1);
  });
});

describe('AdminBootstrap on a later start', () => {
  const admin = { id: 'a1', username: 'admin', role: 'admin', active: true } as UserRecord;
  const directory = (users: UserRecord[]): UserDirectory =>
    ({
      catchUp: async () => undefined,
      byUsername: (name: string) => users.find((u) => u.username === name),
      hasActiveAdmin: () => users.some((u) => u.role === 'admin' && u.active),
    }) as unknown as UserDirectory;
  const config = (adminPassword?: string) => ({ dataDir: '/srv/shenbao/data', ...(adminPassword ? { adminPassword } : {}) }) as AppConfig;
  const commands = { execute: jest.fn() } as unknown as CommandBus;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('with ADMIN_PASSWORD set and admin existing: one line saying it was not applied and how to reset', async () => {
    await new AdminBootstrap(config('Another-pass-1'), directory([admin]), () => undefined, commands).onApplicationBootstrap();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/^ADMIN_PASSWORD is set but was not applied: the account "admin" already exists.*npm run admin:reset-password/);
    expect(warn.mock.calls[0]![0]).toContain('DATA_DIR=/srv/shenbao/data');
    expect(warn.mock.calls[0]![0]).not.toContain('\n');
    expect(commands.execute).not.toHaveBeenCalled();
  });

  it.each([
    ['postgres', 'EVENT_STORE=postgres, DATABASE_URL, DATABASE_SCHEMA'],
    ['kurrentdb', 'EVENT_STORE=kurrentdb, KURRENTDB_URL'],
  ] as const)('on %s: says to reset with the replicas\' environment, which may keep running', async (eventStore, variables) => {
    const shared = { ...config('Another-pass-1'), eventStore } as AppConfig;
    await new AdminBootstrap(shared, directory([admin]), () => undefined, commands).onApplicationBootstrap();
    expect(warn.mock.calls[0]![0]).toContain(`with the replicas' environment (${variables}); the replicas may keep running`);
    expect(warn.mock.calls[0]![0]).not.toContain('DATA_DIR=');
  });

  it('says nothing without ADMIN_PASSWORD', async () => {
    await new AdminBootstrap(config(), directory([admin]), () => undefined, commands).onApplicationBootstrap();
    expect(warn).not.toHaveBeenCalled();
  });
});
