/**
 * The API on PostgreSQL (EVENT_STORE=postgres, issue #17): the events, idempotency records, credentials and snapshots
 * in a schema of this suite's own; each replica's read models, directories and checkpoints in a DATA_DIR of its own,
 * derived from the log (README "Production").
 * - One replica drives a case over HTTP from creation to publicity (attachments in the shared BLOB_DIR); it stops,
 *   and a replica on a fresh DATA_DIR rebuilds everything from the log: the same case to every role, the same
 *   history, list and dashboard.
 * - Two replicas at once on one schema: an Idempotency-Key repeated on the other replica gets the stored response and
 *   appends nothing; a case created through A reads through B with minPosition (B projecting in a worker thread,
 *   PROJECTIONS=thread, on its own connection to the log); a password changed through A signs in through B (and the
 *   old one no longer does).
 * - Tree heads: both replicas sign with the key of the shared INTEGRITY_KEY_DIR; the heads made by count are made once
 *   (the lease `tree-heads`), in increasing size; a head on demand is signed by the replica asked.
 * - Integrity: an event's data changed in the events table is found by a replica verifying the log afresh.
 * - `npm run admin:reset-password` works on the shared database while a replica runs.
 */
import { spawnSync } from 'node:child_process';
import { userStream } from '@shenbao/domain';
import { join } from 'node:path';
import { verifyTreeHead } from '@shenbao/event-store';
import type { EventStore, SignedTreeHead } from '@shenbao/event-store';
import { TREE_HEAD_STREAM } from '../../apps/api/src/integrity/tree-heads';
import { testDatabaseUrl, withClient } from '../../libs/event-store/src/postgres/postgres.fixtures';
import { EVENT_STORE } from '@shenbao/host';
import { TestClock } from './support/case-seeding';
import { CaseHttp, OFFICERS, PASSWORD, TIANHE, applicantIn } from './support/case-http';
import type { CaseRef } from './support/case-http';
import { PostgresWorld } from './support/postgres-world';
import { ADMIN_PASSWORD } from './support/test-app';
import type { TestApp } from './support/test-app';

/** Friday 2019-03-01, 10:00 in Guangzhou: inside the seeded round's window. */
const T0 = new Date('2019-03-01T02:00:00Z');
const PANEL = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5'];
const VIEWERS = ['prov', 'city-gz', 'applicant-th', 'exp-1'];

/** A world's users on replica `t`: the admin, the officers, an applicant of Tianhe and the panel. */
async function populate(t: TestApp): Promise<{ h: CaseHttp; programId: string }> {
  const h = new CaseHttp(t);
  await h.signInAdmin();
  await h.addUser('prov', OFFICERS.prov);
  await h.addUser('city-gz', OFFICERS['city-gz']);
  await h.addUser('applicant-th', applicantIn(TIANHE));
  const homes = ['440400', '440600', '440700', '441200', '441300'];
  for (const [i, u] of PANEL.entries()) await h.addExpert(u, homes[i]);
  return { h, programId: await h.programIdOf('gd-bdpz-2019') };
}

const head = (t: TestApp): Promise<number> => t.app.get<EventStore>(EVENT_STORE).headPosition();

describe('the API on PostgreSQL: a replica on a fresh DATA_DIR rebuilds from the log (e2e)', () => {
  const clock = new TestClock(T0);
  const world = new PostgresWorld(clock);
  afterAll(() => world.close());

  it('drives a case to publicity on one replica and shows the same case, history, list and dashboard on a new one', async () => {
    const first = await world.replica();
    const { h, programId } = await populate(first);
    const c: CaseRef = await h.toRecommendation('applicant-th', 'city-gz', TIANHE, programId);
    await h.expectStage(h.recommend(c), 'expertReview');
    await h.throughExpertReview(c, PANEL, 'defense');
    await h.throughDefenseAndSiteVisit(c, 'exp-2');
    const position = await head(first);

    const seen = async (x: CaseHttp) => {
      const views: Record<string, unknown> = {};
      for (const user of VIEWERS) {
        const res = await x.call(user, 'get', `/cases/${c.id}`).expect(200);
        const { stage, substate, revision, review, allowedActions } = res.body;
        views[user] = { etag: res.headers.etag, stage, substate, revision, review, allowedActions };
      }
      const attachments = (await x.call('prov', 'get', `/cases/${c.id}/attachments`).expect(200)).body.items as { attachmentId: string }[];
      const history = (await x.call('prov', 'get', `/cases/${c.id}/history`).expect(200)).body.items;
      const list = (await x.call('prov', 'get', `/cases?programId=${programId}&minPosition=${position}`).expect(200)).body.items;
      const dashboard = (await x.call('prov', 'get', `/programs/${programId}/dashboard?minPosition=${position}`).expect(200)).body;
      return { views, attachments, history, list, dashboard };
    };
    const before = await seen(h);
    expect(before.views.prov).toMatchObject({ stage: 'publicity' });
    expect(before.list).toEqual([expect.objectContaining({ id: c.id, stage: 'publicity' })]);
    expect(before.dashboard.funnel).toMatchObject({ expertReview: 0, publicity: 1 });
    expect(before.history.length).toBeGreaterThan(10);
    expect(before.attachments).toHaveLength(2);

    await world.stop(first);
    const second = await world.replica();
    expect(second.dataDir).not.toBe(first.dataDir);
    const again = h.on(second);
    expect(await seen(again)).toEqual(before);
    // The password hashes are shared too: the users sign in on the new replica.
    await second.token('prov', PASSWORD);
    // The scans uploaded through the first replica are read through the second from the shared BLOB_DIR.
    for (const scan of before.attachments) await again.call('prov', 'get', `/cases/${c.id}/attachments/${scan.attachmentId}`).expect(200);
    expect(await head(second)).toBe(position);
  });
});

describe('two API replicas on one PostgreSQL schema (e2e)', () => {
  const clock = new TestClock(T0);
  const world = new PostgresWorld(clock);
  let a: TestApp;
  let b: TestApp;
  let ha: CaseHttp;
  let hb: CaseHttp;
  let programId: string;

  beforeAll(async () => {
    a = await world.replica();
    ({ h: ha, programId } = await populate(a));
    // B projects in a worker thread of its own, on its own PostgreSQL connection (PROJECTIONS=thread); A on its event loop.
    b = await world.replica({ PROJECTIONS: 'thread' });
    hb = ha.on(b);
  });

  it('runs B\'s read models in a thread that follows the PostgreSQL log itself', async () => {
    const health = (await b.http().get('/health').expect(200)).body as { info: { readModels: { state: string; runsIn: string } } };
    expect(health.info.readModels).toMatchObject({ state: 'following', runsIn: 'thread' });
    const onA = (await a.http().get('/health').expect(200)).body as { info: { readModels: { runsIn: string } } };
    expect(onA.info.readModels.runsIn).toBe('event loop');
  });
  afterAll(() => world.close());

  it('replays on B the response A stored for an Idempotency-Key, appending nothing', async () => {
    const body = { programId, applicant: TIANHE };
    const key = { 'Idempotency-Key': 'pg-e2e-create-1' };
    const created = await ha.call('applicant-th', 'post', '/cases', body, key).expect(201);
    const headAfterA = await head(a);
    const repeated = await hb.call('applicant-th', 'post', '/cases', body, key).expect(201);
    expect(repeated.headers['idempotent-replayed']).toBe('true');
    expect(repeated.body).toEqual(created.body);
    expect(repeated.headers.location).toBe(created.headers.location);
    expect(await head(b)).toBe(headAfterA);
    // The same key with another body is refused on B too, and appends nothing either.
    const reused = await hb.call('applicant-th', 'post', '/cases', { ...body, applicant: { ...TIANHE, unitName: '另一单位' } }, key).expect(422);
    expect(reused.body.details).toEqual([expect.objectContaining({ rule: 'idempotency.keyReused' })]);
    expect(await head(b)).toBe(headAfterA);
  });

  it('reads through B, with minPosition, a case created through A', async () => {
    // B is asked first for the position A's write will take, and must wait for it to arrive from the log.
    const next = (await head(a)) + 1;
    const early = hb.call('applicant-th', 'get', `/cases?programId=${programId}&minPosition=${next}`).expect(200).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const created = await ha.call('applicant-th', 'post', '/cases', { programId, applicant: TIANHE }).expect(201);
    const id = created.body.id as string;
    expect(((await early).body.items as { id: string }[]).map((i) => i.id)).toContain(id);
    const position = await head(a);
    // A draft is its applicant's own: read through B as that applicant, once B's read models reached A's write.
    const list = (await hb.call('applicant-th', 'get', `/cases?programId=${programId}&minPosition=${position}`).expect(200)).body.items as { id: string }[];
    expect(list.map((i) => i.id)).toContain(id);
    const onB = await hb.call('applicant-th', 'get', `/cases/${id}`).expect(200);
    expect(onB.body).toMatchObject({ id, stage: 'draft', revision: 0 });
  });

  it('signs in through B with a password changed through A, and no longer with the old one', async () => {
    const newPassword = 'Changed-on-A-2019';
    await ha.call('city-gz', 'post', '/users/me/password', { currentPassword: PASSWORD, newPassword }).expect(200);
    const login = (password: string) => b.http().post('/api/v1/auth/login').send({ username: 'city-gz', password });
    expect((await login(newPassword)).status).toBe(200);
    expect((await login(PASSWORD)).status).toBe(401);
  });
});

describe('two API replicas sign tree heads with one key, by count only where the lease is (e2e)', () => {
  const clock = new TestClock(T0);
  const world = new PostgresWorld(clock);
  afterAll(() => world.close());

  it('gives both replicas the key of INTEGRITY_KEY_DIR, and makes the heads by count once, in increasing size', async () => {
    // A head every 4 verified events on every replica that signs by count: without the lease both would.
    const env = { INTEGRITY_TREE_HEAD_EVENTS: '4' };
    const a = await world.replica(env);
    const { h: ha, programId } = await populate(a);
    const b = await world.replica(env);
    const hb = ha.on(b);
    for (let i = 0; i < 6; i++) await (i % 2 === 0 ? ha : hb).call('applicant-th', 'post', '/cases', { programId, applicant: TIANHE }).expect(201);
    const target = await head(a);
    const integrity = async (x: CaseHttp) => (await x.call('admin', 'get', '/integrity').expect(200)).body as { publicKey: string; verifiedThrough: number; incidents: unknown[] };
    // Both have verified the whole log (each follows it on its own).
    for (const x of [ha, hb]) {
      for (let tries = 0; (await integrity(x)).verifiedThrough < target; tries++) {
        if (tries > 100) throw new Error('a replica did not verify the log');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    const keyA = (await integrity(ha)).publicKey;
    expect((await integrity(hb)).publicKey).toBe(keyA);
    // The hash chains read back from PostgreSQL verify on both (no incident: nothing was changed).
    expect((await integrity(ha)).incidents).toEqual([]);
    expect((await integrity(hb)).incidents).toEqual([]);

    // The lease: exactly one of the two holds `tree-heads`.
    const held = async (t: TestApp) => ((await t.http().get('/health').expect(200)).body.details.leases['tree-heads'] as { held: boolean }).held;
    expect([await held(a), await held(b)].filter(Boolean)).toHaveLength(1);

    const heads = (await a.app.get<EventStore>(EVENT_STORE).readStream(TREE_HEAD_STREAM)).map((e) => e.data as SignedTreeHead);
    expect(heads.length).toBeGreaterThanOrEqual(3);
    const sizes = heads.map((s) => s.size);
    expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
    expect(new Set(sizes).size).toBe(sizes.length);
    for (const signed of heads) expect(verifyTreeHead(signed, keyA)).toBe(true);

    // A head on demand (a case's verifiable record) is signed on the replica asked, with the same key.
    const created = await hb.call('applicant-th', 'post', '/cases', { programId, applicant: TIANHE }).expect(201);
    const record = (await hb.call('applicant-th', 'get', `/cases/${created.body.id as string}/record`).expect(200)).body as { publicKey: string; signedTreeHead: SignedTreeHead };
    expect(record.publicKey).toBe(keyA);
    expect(verifyTreeHead(record.signedTreeHead, keyA)).toBe(true);
  });
});

describe('the integrity check on PostgreSQL (e2e)', () => {
  const clock = new TestClock(T0);
  const world = new PostgresWorld(clock);
  afterAll(() => world.close());

  it("finds an event's data changed in the events table, from a replica that verifies the log afresh, and refuses that case's writes", async () => {
    const first = await world.replica();
    const { h, programId } = await populate(first);
    const created = await h.call('applicant-th', 'post', '/cases', { programId, applicant: TIANHE }).expect(201);
    const caseId = created.body.id as string;
    const stream = `case-${caseId}`;
    await world.stop(first);

    // Behind the app's back: the case's creation names another unit.
    const position = await withClient(testDatabaseUrl(), async (client) => {
      const { rows } = await client.query<{ position: string; data: string }>(`SELECT position, data FROM ${world.schema}.events WHERE stream = $1 ORDER BY revision LIMIT 1`, [stream]);
      const changed = rows[0]!.data.replace(TIANHE.unitName, '某某区人民政府');
      expect(changed).not.toBe(rows[0]!.data);
      await client.query(`UPDATE ${world.schema}.events SET data = $1 WHERE position = $2`, [changed, rows[0]!.position]);
      return Number(rows[0]!.position);
    });

    const second = await world.replica();
    const h2 = h.on(second);
    const incidents = (await h2.call('admin', 'get', '/integrity').expect(200)).body.incidents as { stream: string; position: number; kind: string }[];
    expect(incidents).toEqual([expect.objectContaining({ stream, position, kind: 'changed' })]);
    // A stream found broken takes no more events.
    const refused = await h2.call('applicant-th', 'post', `/cases/${caseId}/withdraw`, { reason: '不再申报' }).expect(403);
    expect(refused.body).toMatchObject({ error: 'FORBIDDEN', details: { reason: 'integrityIncident', stream, position, kind: 'changed' } });
  });
});

describe('npm run admin:reset-password on PostgreSQL (e2e)', () => {
  const clock = new TestClock(T0);
  const world = new PostgresWorld(clock);
  afterAll(() => world.close());

  it('sets a one-time password in the shared database while a replica runs; the replica signs in with it, not the old one', async () => {
    const replica = await world.replica();
    await replica.token('admin', ADMIN_PASSWORD);
    const run = spawnSync(process.execPath, [join(__dirname, '../../scripts/admin-reset-password.cjs')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...world.processEnv() },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('username: admin');
    const temporary = /password: (\S+)/.exec(run.stdout)?.[1] ?? '';
    expect(temporary).toMatch(/^\S{20}$/);
    const login = (password: string) => replica.http().post('/api/v1/auth/login').send({ username: 'admin', password });
    expect((await login(ADMIN_PASSWORD)).status).toBe(401);
    const signedIn = await login(temporary);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.mustChangePassword).toBe(true);
    // The event says it was this command, by the system.
    const events = await replica.app.get<EventStore>(EVENT_STORE).readStream(userStream('admin'));
    expect(events.filter((e) => e.type === 'UserPasswordReset').map((e) => [e.metadata.actor, (e.data as { reason: string }).reason])).toEqual([
      ['system', expect.stringContaining('npm run admin:reset-password')],
    ]);
  });
});
