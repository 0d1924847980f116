/**
 * The edges of the HTTP layer every endpoint shares (Fastify, @shenbao/host's logging.ts, common/http): body parsing
 * and its limits, the correlation id, and route matching. Each bad request gets the API's error shape, names what
 * is wrong and changes nothing.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

describe('HTTP edges (e2e)', () => {
  let t: TestApp;
  let admin: string;
  const usersCount = async () => (await t.http().get('/api/v1/users').set('Authorization', `Bearer ${admin}`).expect(200)).body.total as number;

  beforeAll(async () => {
    t = await bootTestApp();
    admin = await t.token('admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads an empty JSON body as {} (so validation names the missing fields)', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('').expect(400);
    expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED' });
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['username', 'password']));
  });

  it('reads a request with no body and no content type as {} too (curl -X POST …/logout)', async () => {
    const token = await t.token('admin', ADMIN_PASSWORD);
    // Supertest sends no Content-Type and no body when nothing is sent.
    await t.http().post('/api/v1/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    const res = await t.http().post('/api/v1/experts').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['name', 'homeCityCode']));
  });

  it('refuses a prototype-poisoning body as invalid JSON in the field "body"', async () => {
    const before = await usersCount();
    const res = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .set('Content-Type', 'application/json')
      .send('{"username":"mallory","password":"Mallory-pass-1","displayName":"M","role":"province","__proto__":{"role":"admin"}}')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED', details: [{ field: 'body' }] });
    expect(await usersCount()).toBe(before);
  });

  it('answers 413 PAYLOAD_TOO_LARGE above the 2 MB body limit', async () => {
    const big = JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) });
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(big).expect(413);
    expect(res.body).toMatchObject({ statusCode: 413, error: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
  });

  it('refuses a body nested deeper than 32 levels with 400 naming body, before authentication', async () => {
    const deep = `{"username":${'['.repeat(2000)}${']'.repeat(2000)},"password":"x"}`;
    const login = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(login.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'body', messages: ['must not be nested deeper than 32 levels'] }] });
    // No token: the parser refuses it before the guard asks who is calling.
    const anonymous = await t.http().post('/api/v1/users').set('Content-Type', 'application/json').send(deep).expect(400);
    expect(anonymous.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'body' }] });
    const withKey = await t
      .http()
      .post('/api/v1/users')
      .set('Authorization', `Bearer ${admin}`)
      .set('Idempotency-Key', 'deep-1')
      .set('Content-Type', 'application/json')
      .send(`{"displayName":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`)
      .expect(400);
    expect(withKey.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'body' }] });
    // 32 levels are still read (and then judged by the route's own rules).
    const ok = `{"username":${'['.repeat(31)}${']'.repeat(31)},"password":"x"}`;
    const judged = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(ok).expect(400);
    expect(judged.body.details).toEqual([{ field: 'username', messages: expect.any(Array) }]);
  });

  it('refuses a body holding a list or object of more than 1000 entries with 400 naming it, before authentication', async () => {
    const before = await usersCount();
    const res = await t
      .http()
      .post('/api/v1/users')
      .send({ username: 'huge', password: 'Huge-pass-123', displayName: 'H', role: 'province', extra: { list: Array.from({ length: 300_000 }, () => ({})) } })
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'VALIDATION_FAILED',
      message: expect.any(String),
      details: [{ field: 'extra.list', messages: ['must have at most 1000 items or members (has 300000)'] }],
    });
    const wide = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, i]));
    const members = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).send(wide).expect(400);
    expect(members.body.details).toEqual([{ field: 'body', messages: ['must have at most 1000 items or members (has 1001)'] }]);
    expect(await usersCount()).toBe(before);
  });

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a body it cannot read', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/xml').send('<login/>').expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it("echoes the caller's correlation id when it is sane and replaces it otherwise, on errors too", async () => {
    const mine = await t.http().get('/api/v1/nowhere').set('X-Correlation-Id', 'trace-42.a:b').expect(404);
    expect(mine.headers['x-correlation-id']).toBe('trace-42.a:b');
    const insane = await t.http().get('/api/v1/users/me').set('X-Correlation-Id', 'bad id with spaces').expect(401);
    expect(insane.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('ignores a trailing slash', async () => {
    const res = await t.http().get('/api/v1/users/me/').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(res.body).toMatchObject({ username: 'admin' });
  });

  it('keeps the Idempotency-Key records in events.sqlite, committed with the events', async () => {
    const body = { username: 'idem-user', password: 'Idem-pass-123', displayName: 'Idem', role: 'province' };
    const first = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'edge-key-1').send(body).expect(201);
    const again = await t.http().post('/api/v1/users').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', 'edge-key-1').send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const db = new Database(join(t.dataDir, 'events.sqlite'), { readonly: true });
    try {
      expect(db.prepare("SELECT state, status FROM idempotency_keys WHERE key = 'edge-key-1'").all()).toEqual([{ state: 'done', status: 201 }]);
    } finally {
      db.close();
    }
  });

  it('after a restart, does not run again a request that was carried out but whose answer was never kept (422 idempotency.answerLost)', async () => {
    const expert = { name: '陈专家', homeCityCode: '440100', employer: '中山大学', fields: ['大数据'] };
    const post = (key: string) => t.http().post('/api/v1/experts').set('Authorization', `Bearer ${admin}`).set('Idempotency-Key', key).send(expert);
    const experts = async () => (await t.http().get('/api/v1/experts?limit=200').set('Authorization', `Bearer ${admin}`).expect(200)).body.items as { id: string }[];
    /** As if the process had stopped between the append and storing the answer, a minute ago: the claim is left pending. */
    const abandon = (key: string, headPosition?: number) => {
      const db = new Database(join(t.dataDir, 'events.sqlite'));
      try {
        db.pragma('busy_timeout = 2000');
        const changed = db
          .prepare(`UPDATE idempotency_keys SET state = 'pending', status = NULL, headers = NULL, body = NULL, created_at = created_at - 61000
                    ${headPosition !== undefined ? ', head_position = @headPosition' : ''} WHERE key = @key`)
          .run({ key, ...(headPosition !== undefined ? { headPosition } : {}) }).changes;
        expect(changed).toBe(1);
      } finally {
        db.close();
      }
    };

    const first = await post('lost-1').expect(201);
    abandon('lost-1');
    await t.restart();
    const before = await experts();
    const res = await post('lost-1').expect(422);
    expect(res.body).toMatchObject({
      error: 'RULE_VIOLATION',
      details: [expect.objectContaining({ rule: 'idempotency.answerLost', message: expect.stringContaining(`expert-${first.body.id as string}`) })],
    });
    const again = await post('lost-1').expect(422);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(res.body);
    expect(await experts()).toEqual(before);

    // A claim whose request left nothing in the log after it (here: its kept head is past the events) is taken over
    // and the request runs: a second expert, as a first request that never got that far would have made.
    await post('lost-2').expect(201);
    abandon('lost-2', Number.MAX_SAFE_INTEGER);
    const rerun = await post('lost-2').expect(201);
    expect(rerun.headers['idempotent-replayed']).toBeUndefined();
    expect((await experts()).length).toBe(before.length + 2);
  });
});
