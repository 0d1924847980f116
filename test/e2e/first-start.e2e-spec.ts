/** First start without ADMIN_PASSWORD: a generated admin password is shown once, works, and is never shown again. */
import { bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

describe('first start (e2e)', () => {
  let t: TestApp;
  const printed: string[] = [];

  beforeAll(async () => {
    t = await bootTestApp({ ADMIN_PASSWORD: '' }, { adminPasswordSink: (text) => printed.push(text) });
  });
  afterAll(async () => {
    await t.close();
  });

  it('prints a generated admin password once, which signs in', async () => {
    expect(printed).toHaveLength(1);
    const password = /password: (\S+)/.exec(printed[0])?.[1];
    expect(password).toHaveLength(20);
    await t.token('admin', password as string);
    await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'admin' }).expect(401);

    await t.restart();
    expect(printed).toHaveLength(1);
    await t.token('admin', password as string);
  });

  it('keeps the JWT secret it generated, so tokens survive a restart', async () => {
    const password = /password: (\S+)/.exec(printed[0])?.[1] as string;
    const token = await t.token('admin', password);
    await t.restart();
    await t.http().get('/api/v1/users/me').set('Authorization', `Bearer ${token}`).expect(200);
  });
});
