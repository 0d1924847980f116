/**
 * Boots the API as `main.ts` would, on a temporary DATA_DIR, for supertest. `restart()` closes the app and boots a
 * new one on the same DATA_DIR (durability checks); `close()` removes the directory. `bootTestAppIn` boots on a
 * directory of the caller's.
 */
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../../apps/api/src/app.factory';
import { loadConfig } from '@shenbao/host';
import type { AppOverrides } from '@shenbao/host';

export const ADMIN_PASSWORD = 'Admin-Pass-2019';
/**
 * Suites send many requests per user, and every sign-in from 127.0.0.1: limits high enough that none trips them
 * by accident. The rate-limit suite passes low ones.
 */
export const TEST_RATE_LIMITS = { RATE_LIMIT_USER_MAX: '1000000', RATE_LIMIT_IP_MAX: '1000000' };

export interface TestApp {
  app: INestApplication;
  dataDir: string;
  http(): ReturnType<typeof request>;
  /** Logs in and returns the access token (fails the test on anything but 200). */
  token(username: string, password: string): Promise<string>;
  /** `whileStopped` runs after the app closed and before it boots again (an offline tool on DATA_DIR). */
  restart(overrides?: AppOverrides, whileStopped?: () => Promise<void> | void): Promise<void>;
  close(): Promise<void>;
}

export async function bootTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  return bootTestAppIn(mkdtempSync(join(tmpdir(), 'shenbao-e2e-')), env, overrides, true);
}

/**
 * The same on a DATA_DIR the caller made, e.g. a second app on the first one's directory (two API processes on one
 * DATA_DIR); `close()` removes the directory only when `owned`.
 */
export async function bootTestAppIn(dataDir: string, env: Record<string, string> = {}, overrides: AppOverrides = {}, owned = false): Promise<TestApp> {
  const boot = (o: AppOverrides) =>
    createApp(loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD, LOG_LEVEL: 'silent', ...TEST_RATE_LIMITS, ...env }), { passwordHashing: 'fast', ...o });
  const t: TestApp = {
    app: await boot(overrides),
    dataDir,
    http: () => request(t.app.getHttpServer()),
    async token(username, password) {
      const res = await t.http().post('/api/v1/auth/login').send({ username, password });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { accessToken: string }).accessToken;
    },
    async restart(o = overrides, whileStopped) {
      await t.app.close();
      await whileStopped?.();
      t.app = await boot(o);
    },
    async close() {
      await t.app.close();
      if (owned) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return t;
}
