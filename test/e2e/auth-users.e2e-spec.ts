/**
 * The HTTP contract of sign-in, users, experts, workflow definitions and operations on the embedded default
 * (SQLite in a temporary DATA_DIR), driven over HTTP like any client.
 */
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { ADMIN_PASSWORD, bootTestApp } from './support/test-app';
import type { TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('auth, users, experts, workflows (e2e)', () => {
  let t: TestApp;
  let admin: string;
  const adminToken = () => bearer(admin);

  beforeAll(async () => {
    t = await bootTestApp();
    admin = await t.token('admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await t.close();
  });

  function createUser(body: Record<string, unknown>) {
    return t.http().post('/api/v1/users').set(adminToken()).send(body);
  }

  describe('login', () => {
    it('returns a token and the user', async () => {
      const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: ADMIN_PASSWORD }).expect(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        user: expect.objectContaining({ id: expect.any(String), username: 'admin', role: 'admin' }),
      });
      expect(res.headers['x-correlation-id']).toEqual(expect.any(String));
    });

    it('answers 401 with one message for a wrong password and an unknown user', async () => {
      const wrong = await t.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'Wrong-password-1' }).expect(401);
      const unknown = await t.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'Wrong-password-1' }).expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'UNAUTHENTICATED', message: expect.any(String) });
      expect(unknown.body).toEqual(wrong.body);
    });

    it('slows down repeated failures with 429 and Retry-After', async () => {
      await createUser({ username: 'victim', password: 'Victim-pass-1', displayName: 'Victim', role: 'province' }).expect(201);
      for (let i = 0; i < 5; i++) {
        await t.http().post('/api/v1/auth/login').send({ username: 'victim', password: `Wrong-${i}-password` }).expect(401);
      }
      const res = await t.http().post('/api/v1/auth/login').send({ username: 'victim', password: 'Victim-pass-1' }).expect(429);
      expect(res.body.error).toBe('TOO_MANY_REQUESTS');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('rejects a malformed login body with field details', async () => {
      const res = await t.http().post('/api/v1/auth/login').send({ username: 'admin' }).expect(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    });

    it('answers 400 VALIDATION_FAILED for a body that is not JSON', async () => {
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED', details: [{ field: 'body' }] });
    });
  });

  describe('access control', () => {
    it('needs a bearer token', async () => {
      const res = await t.http().get('/api/v1/users/me').expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, error: 'UNAUTHENTICATED' });
      await t.http().get('/api/v1/users/me').set('Authorization', 'Bearer not-a-token').expect(401);
    });

    it('answers NOT_FOUND for an unknown route', async () => {
      const res = await t.http().get('/api/v1/nothing-here').set(adminToken()).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
    });

    it('forbids non-admins from admin endpoints', async () => {
      await createUser({ username: 'prov1', password: 'Province-pass-1', displayName: '省厅', role: 'province' }).expect(201);
      const prov = bearer(await t.token('prov1', 'Province-pass-1'));
      const res = await t.http().post('/api/v1/users').set(prov).send({ username: 'x1x', password: 'Another-pass-1', displayName: 'x', role: 'admin' }).expect(403);
      expect(res.body).toMatchObject({ statusCode: 403, error: 'FORBIDDEN' });
      await t.http().get('/api/v1/users').set(prov).expect(403);
      await t.http().get('/api/v1/experts').set(prov).expect(200);
    });
  });

  describe('users', () => {
    it('creates a user who can sign in and read /users/me', async () => {
      const res = await createUser({
        username: 'city-gz', password: 'City-gz-pass-1', displayName: '广州市工信局', role: 'city', cityCode: '440100',
      }).expect(201);
      expect(res.body).toEqual({ id: expect.any(String) });
      const me = await t.http().get('/api/v1/users/me').set(bearer(await t.token('city-gz', 'City-gz-pass-1'))).expect(200);
      expect(me.body).toMatchObject({ id: res.body.id, username: 'city-gz', role: 'city', cityCode: '440100', displayName: '广州市工信局' });
      expect(me.body.passwordHash).toBeUndefined();
    });

    it('names every invalid field', async () => {
      const res = await createUser({ username: 'Bad Name', password: 'short', displayName: '', role: 'king' }).expect(400);
      expect(res.body.error).toBe('VALIDATION_FAILED');
      const fields = (res.body.details as { field: string }[]).map((d) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['username', 'password', 'displayName', 'role']));
    });

    it('rejects unknown fields', async () => {
      const res = await createUser({ username: 'extra', password: 'Extra-pass-12', displayName: 'x', role: 'province', isRoot: true }).expect(400);
      expect(res.body.details).toEqual([{ field: 'isRoot', messages: [expect.stringContaining('should not exist')] }]);
    });

    it('applies the domain rules: scope per role and password policy', async () => {
      const noCity = await createUser({ username: 'city-x', password: 'City-x-pass-1', displayName: 'x', role: 'city' }).expect(400);
      expect(noCity.body.details).toEqual([expect.objectContaining({ field: 'cityCode' })]);
      const weak = await createUser({ username: 'weak', password: 'aaaaaaaaaaaa', displayName: 'x', role: 'province' }).expect(400);
      expect(weak.body.details).toEqual([expect.objectContaining({ field: 'password' })]);
    });

    it('refuses a taken username with 422', async () => {
      await createUser({ username: 'dup', password: 'Dup-pass-123', displayName: 'x', role: 'province' }).expect(201);
      const res = await createUser({ username: 'dup', password: 'Dup-pass-456', displayName: 'y', role: 'province' }).expect(422);
      expect(res.body).toMatchObject({ statusCode: 422, error: 'RULE_VIOLATION', details: [{ rule: 'user.exists' }] });
    });

    it('lists users page by page', async () => {
      const first = await t.http().get('/api/v1/users?limit=2').set(adminToken()).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http().get(`/api/v1/users?limit=2&cursor=${first.body.nextCursor}`).set(adminToken()).expect(200);
      expect(second.body.items[0].username > first.body.items[1].username).toBe(true);
      await t.http().get('/api/v1/users?limit=500').set(adminToken()).expect(400);
    });
  });

  describe('idempotency', () => {
    it('replays the first response and appends nothing', async () => {
      const body = { name: '李专家', homeCityCode: '440300', employer: '深圳大学', fields: ['大数据'] };
      const key = 'create-expert-li-1';
      const first = await t.http().post('/api/v1/experts').set(adminToken()).set('Idempotency-Key', key).send(body).expect(201);
      const metrics = async () => (await t.http().get('/metrics').set(adminToken()).expect(200)).text;
      const appendedBefore = /shenbao_events_appended_total (\d+)/.exec(await metrics())?.[1];
      const again = await t.http().post('/api/v1/experts').set(adminToken()).set('Idempotency-Key', key).send(body).expect(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(/shenbao_events_appended_total (\d+)/.exec(await metrics())?.[1]).toBe(appendedBefore);
      const list = await t.http().get('/api/v1/experts?limit=200').set(adminToken()).expect(200);
      expect((list.body.items as { name: string }[]).filter((e) => e.name === '李专家')).toHaveLength(1);

      const reused = await t.http().post('/api/v1/experts').set(adminToken()).set('Idempotency-Key', key).send({ ...body, name: '王专家' }).expect(422);
      expect(reused.body.details).toEqual([expect.objectContaining({ rule: 'idempotency.keyReused' })]);
    });
  });

  describe('experts', () => {
    it('creates and lists experts', async () => {
      const res = await t.http().post('/api/v1/experts').set(adminToken())
        .send({ name: '王教授', homeCityCode: '440100', employer: '华南理工大学', fields: ['大数据', '智能制造'] }).expect(201);
      const list = await t.http().get('/api/v1/experts').set(adminToken()).expect(200);
      expect(list.body.items).toEqual(expect.arrayContaining([
        expect.objectContaining({ id: res.body.id, name: '王教授', homeCityCode: '440100', fields: ['大数据', '智能制造'] }),
      ]));
      expect(list.body).toHaveProperty('nextCursor');
    });

    it('validates the expert', async () => {
      const res = await t.http().post('/api/v1/experts').set(adminToken()).send({ name: 'x', homeCityCode: 'GZ', employer: 'y', fields: [''] }).expect(400);
      expect((res.body.details as { field: string }[]).map((d) => d.field)).toEqual(expect.arrayContaining(['homeCityCode', 'fields']));
    });
  });

  describe('workflow definitions', () => {
    it('has the shipped gd-bdpz-2019 v1 seeded', async () => {
      const list = await t.http().get('/api/v1/workflows').set(adminToken()).expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ key: 'gd-bdpz-2019', latestVersion: 1 })]);
      const v1 = await t.http().get('/api/v1/workflows/gd-bdpz-2019/versions/1').set(adminToken()).expect(200);
      expect(v1.body).toEqual(GD_BDPZ_2019);
      await t.http().get('/api/v1/workflows/gd-bdpz-2019/versions/9').set(adminToken()).expect(404);
    });

    it('serves the Mermaid diagram as text', async () => {
      const res = await t.http().get('/api/v1/workflows/gd-bdpz-2019/versions/1/diagram').set(adminToken()).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^stateDiagram-v2/);
    });

    it('answers an unknown diagram with the JSON error body, not the text type of the route', async () => {
      for (const path of ['/api/v1/workflows/nope/versions/1/diagram', '/api/v1/workflows/gd-bdpz-2019/versions/99/diagram']) {
        const res = await t.http().get(path).set(adminToken()).expect(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: expect.any(String) });
      }
      const bad = await t.http().get('/api/v1/workflows/gd-bdpz-2019/versions/x/diagram').set(adminToken());
      expect(bad.status).toBeLessThan(500);
      expect(bad.body).toMatchObject({ statusCode: bad.status, error: expect.any(String) });
    });

    it('publishes a valid next version, refuses a bad one with field names, and never changes a version', async () => {
      const v2 = { ...GD_BDPZ_2019, version: 2, passThreshold: 75 };
      const created = await t.http().post('/api/v1/workflows/gd-bdpz-2019/versions').set(adminToken()).send({ definition: v2 }).expect(201);
      expect(created.body).toEqual({ key: 'gd-bdpz-2019', version: 2 });

      const bad = await t.http().post('/api/v1/workflows/gd-bdpz-2019/versions').set(adminToken())
        .send({ definition: { ...GD_BDPZ_2019, version: 3, panel: { size: 0, aggregation: 'median' } } }).expect(400);
      expect(bad.body.error).toBe('VALIDATION_FAILED');
      expect((bad.body.details as { field: string }[]).map((d) => d.field)).toEqual(expect.arrayContaining([expect.stringMatching(/^definition\.panel/)]));

      const again = await t.http().post('/api/v1/workflows/gd-bdpz-2019/versions').set(adminToken()).send({ definition: { ...GD_BDPZ_2019, version: 1 } }).expect(422);
      expect(again.body.details).toEqual([expect.objectContaining({ rule: 'workflow.version' })]);
      const v1 = await t.http().get('/api/v1/workflows/gd-bdpz-2019/versions/1').set(adminToken()).expect(200);
      expect(v1.body.passThreshold).toBe(GD_BDPZ_2019.passThreshold);
    });

    it('is admin-only for publishing', async () => {
      const prov = bearer(await t.token('prov1', 'Province-pass-1'));
      await t.http().post('/api/v1/workflows/gd-bdpz-2019/versions').set(prov).send({ definition: GD_BDPZ_2019 }).expect(403);
      await t.http().post('/api/v1/workflows/gd-bdpz-2019/diagram').set(prov).send({ definition: GD_BDPZ_2019 }).expect(403);
    });

    it('draws the diagram of an unpublished definition (defense off: gone from the lifecycle), validated, recording nothing', async () => {
      const { key: _key, version: _version, ...draft } = GD_BDPZ_2019;
      const before = (await t.http().get('/api/v1/workflows').set(adminToken()).expect(200)).body.items[0].latestVersion as number;
      const off = { ...draft, name: '不设答辩', stages: { ...draft.stages, defense: { enabled: false } } };
      const res = await t.http().post('/api/v1/workflows/gd-bdpz-2019/diagram').set(adminToken()).send({ definition: off }).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(new RegExp(`^stateDiagram-v2\n    %% 不设答辩 \\(gd-bdpz-2019 v${before + 1}\\)\n`));
      expect(res.text).toContain('expertReview_scoring --> siteVisit : ExpertReviewConcluded');
      expect(res.text).not.toMatch(/\bdefense\b/);
      const published = await t.http().get(`/api/v1/workflows/gd-bdpz-2019/versions/${before}/diagram`).set(adminToken()).expect(200);
      expect(published.text).toMatch(/\bdefense\b/);

      const bad = await t.http().post('/api/v1/workflows/gd-bdpz-2019/diagram').set(adminToken()).send({ definition: { ...draft, passThreshold: 120 } }).expect(400);
      expect(bad.body).toMatchObject({ error: 'VALIDATION_FAILED', details: [{ field: 'definition.passThreshold', messages: ['must not exceed the rubric maximum 100'] }] });
      expect((await t.http().get('/api/v1/workflows').set(adminToken()).expect(200)).body.items[0].latestVersion).toBe(before);
    });
  });

  describe('operations and docs', () => {
    it('reports health at the root', async () => {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
    });

    it('serves Prometheus metrics', async () => {
      await t.http().get('/metrics').expect(401);
      const res = await t.http().get('/metrics').set(adminToken()).expect(200);
      expect(res.text).toContain('shenbao_commands_total{type="RegisterUser",outcome="ok"}');
      expect(res.text).toContain('shenbao_command_duration_seconds_bucket');
      expect(res.text).toContain('process_cpu_user_seconds_total');
    });

    it('serves OpenAPI without a token', async () => {
      const res = await t.http().get('/api/docs-json').expect(200);
      expect(res.body.paths).toHaveProperty('/api/v1/auth/login');
      expect(res.body.paths).toHaveProperty('/api/v1/users');
      await t.http().get('/api/docs').expect((r) => expect([200, 301]).toContain(r.status));
    });
  });

  describe('restart', () => {
    it('keeps users and does not create the admin again', async () => {
      const before = await t.http().get('/api/v1/users?limit=200').set(adminToken()).expect(200);
      await t.restart();
      const token = await t.token('city-gz', 'City-gz-pass-1');
      expect(token).toEqual(expect.any(String));
      admin = await t.token('admin', ADMIN_PASSWORD);
      const after = await t.http().get('/api/v1/users?limit=200').set(adminToken()).expect(200);
      expect(after.body.items).toEqual(before.body.items);
      expect((after.body.items as { username: string }[]).filter((u) => u.username === 'admin')).toHaveLength(1);
      const workflows = await t.http().get('/api/v1/workflows').set(adminToken()).expect(200);
      expect(workflows.body.items[0].latestVersion).toBe(2);
    });
  });
});
