/** Helpers of the account suites: requests as a token, users registered by the admin, a user's stream, the SQLite files. */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { userStream } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { EVENT_STORE } from '@shenbao/host';
import { ADMIN_PASSWORD } from './test-app';
import type { TestApp } from './test-app';

export const API = '/api/v1';
export const ACCOUNT_PASSWORD = 'Account-pass-1';
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export class Accounts {
  /** The admin's current access token. */
  admin = '';

  constructor(private readonly t: TestApp) {}

  async signInAdmin(): Promise<void> {
    this.admin = await this.t.token('admin', ADMIN_PASSWORD);
  }

  as(token: string) {
    return {
      get: (path: string) => this.t.http().get(`${API}${path}`).set(bearer(token)),
      post: (path: string, body?: object) => this.t.http().post(`${API}${path}`).set(bearer(token)).send(body),
      patch: (path: string, body: object) => this.t.http().patch(`${API}${path}`).set(bearer(token)).send(body),
    };
  }

  login(username: string, password: string) {
    return this.t.http().post(`${API}/auth/login`).send({ username, password });
  }

  /** Registered by the admin with ACCOUNT_PASSWORD; a province officer unless `spec` says otherwise. */
  async createUser(username: string, spec: Record<string, unknown> = { role: 'province' }): Promise<string> {
    const res = await this.as(this.admin).post('/users', { username, password: ACCOUNT_PASSWORD, displayName: username, ...spec }).expect(201);
    return res.body.id as string;
  }

  async events(username: string): Promise<{ type: string; data: unknown; actor: string }[]> {
    const stream = await this.t.app.get<EventStore>(EVENT_STORE).readStream(userStream(username));
    return stream.map((e) => ({ type: e.type, data: e.data, actor: e.metadata.actor }));
  }

  async adminId(): Promise<string> {
    return (await this.as(this.admin).get('/users/me').expect(200)).body.id as string;
  }

  /** A read-only connection to a file of DATA_DIR; close it. */
  sqlite(file: string): Database.Database {
    return new Database(join(this.t.dataDir, file), { readonly: true });
  }
}
