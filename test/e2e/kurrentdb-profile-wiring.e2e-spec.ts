/**
 * The KurrentDB profile's wiring (EVENT_STORE=kurrentdb, issue #17), as far as it can be run without a KurrentDB
 * server — and this is NOT a run on KurrentDB: the KurrentDB adapters' own suites (the event store contract and the
 * record streams contract) run only when KURRENTDB_URL is set, and say NOT RUN otherwise.
 *
 * What this proves: two API replicas started with the kurrentdb profile's configuration (KURRENTDB_URL, REDIS_URL,
 * JWT_SECRET, INTEGRITY_KEY_DIR; a DATA_DIR each) keep their idempotency records and password hashes in the profile's
 * record streams, shared by both — here one MemoryRecordStreams and one MemoryEventStore stand in for the KurrentDB
 * node, given to both apps as a test's overrides — and never in a DATA_DIR or in the event log: a password set
 * through A signs in through B, an Idempotency-Key answered by A is replayed by B, and the records are named as the
 * KurrentDB layout names them.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, MemoryRecordStreams } from '@shenbao/event-store';
import type { EventStore } from '@shenbao/event-store';
import { TestClock } from './support/case-seeding';
import { CaseHttp, OFFICERS, PASSWORD, TIANHE, applicantIn } from './support/case-http';
import { REDIS_URL, adminRedis, dropPrefix, uniquePrefix } from './support/redis-test';
import { bootTestAppIn } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');

describe('two API replicas with EVENT_STORE=kurrentdb: the records are shared, not per DATA_DIR (e2e, stand-ins for KurrentDB)', () => {
  const clock = new TestClock(T0);
  const prefix = uniquePrefix();
  const dirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), 'shenbao-kdb-wiring-')));
  const events: EventStore = new MemoryEventStore();
  const records = new MemoryRecordStreams();
  const env = {
    EVENT_STORE: 'kurrentdb',
    // Never dialled: the overrides stand in for the node (port 1 answers nothing, so a dial would fail the test).
    KURRENTDB_URL: 'kurrentdb://127.0.0.1:1?tls=false',
    REDIS_URL,
    REDIS_PREFIX: prefix,
    JWT_SECRET: 'kdb-e2e-secret-shared-by-every-replica',
    INTEGRITY_KEY_DIR: dirs[2],
  };
  let a: TestApp;
  let b: TestApp;
  let ha: CaseHttp;
  let hb: CaseHttp;

  beforeAll(async () => {
    a = await bootTestAppIn(dirs[0], env, { clock: clock.now, eventStore: events, records });
    ha = new CaseHttp(a);
    await ha.signInAdmin();
    await ha.addUser('prov', OFFICERS.prov);
    await ha.addUser('city-gz', OFFICERS['city-gz']);
    await ha.addUser('applicant-th', applicantIn(TIANHE));
    b = await bootTestAppIn(dirs[1], env, { clock: clock.now, eventStore: events, records });
    hb = ha.on(b);
  });
  afterAll(async () => {
    await b?.app.close();
    await a?.app.close();
    const redis = adminRedis();
    try {
      await dropPrefix(redis, prefix);
    } finally {
      await redis.quit();
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('signs in through B with a password set through A, and keeps the hashes out of DATA_DIR and the log', async () => {
    const newPassword = 'Changed-on-A-2019';
    await ha.call('city-gz', 'post', '/users/me/password', { currentPassword: PASSWORD, newPassword }).expect(200);
    const login = (password: string) => b.http().post('/api/v1/auth/login').send({ username: 'city-gz', password });
    expect((await login(newPassword)).status).toBe(200);
    expect((await login(PASSWORD)).status).toBe(401);

    expect(records.names().filter((n) => n.startsWith('cred-'))).toHaveLength(4);
    // Not in the events (the log keeps no hash), and no credential table in either DATA_DIR's files.
    const log = JSON.stringify(await events.readAll({ fromPosition: 0, limit: 10_000 }));
    expect(log).not.toMatch(/\$argon2/);
    for (const dir of dirs.slice(0, 2)) expect(readdirSync(dir)).not.toContain('events.sqlite');
  });

  it('replays on B the response A stored for an Idempotency-Key, appending nothing', async () => {
    const programId = await ha.programIdOf('gd-bdpz-2019');
    const body = { programId, applicant: TIANHE };
    const key = { 'Idempotency-Key': 'kdb-e2e-create-1' };
    const created = await ha.call('applicant-th', 'post', '/cases', body, key).expect(201);
    const headAfterA = await events.headPosition();
    const repeated = await hb.call('applicant-th', 'post', '/cases', body, key).expect(201);
    expect(repeated.headers['idempotent-replayed']).toBe('true');
    expect(repeated.body).toEqual(created.body);
    expect(await events.headPosition()).toBe(headAfterA);
    expect(records.names().filter((n) => /^idem-[0-9a-f]{40}$/.test(n)).length).toBeGreaterThanOrEqual(1);
  });
});
