/**
 * Concurrency (issue "correctness", items 3 and 6). In one process, commands on one stream take turns, so 64
 * creations in one program meet no conflict on the program stream at all. Across processes, two apps on one
 * DATA_DIR race for real: the first recommendation of each is held before its append until both have decided on
 * the same program revision, so one of them must meet the conflict, reload and decide again, and still exactly the
 * city's limit of 3 out of 5 recommendations succeed.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programStream } from '@shenbao/domain';
import type { EventStore } from '@shenbao/event-store';
import { loadConfig, EVENT_STORE } from '@shenbao/host';
import { openApiEventStore } from '../../apps/api/src/infrastructure/api-infrastructure.module';
import { TestClock } from './support/case-seeding';
import { API, CaseHttp } from './support/case-http';
import type { CaseRef, Party } from './support/case-http';
import { StoreGate, counted } from './support/store-gate';
import { ADMIN_PASSWORD, bootTestAppIn } from './support/test-app';
import type { TestApp } from './support/test-app';

const T0 = new Date('2019-03-01T02:00:00Z');
const GZ_DISTRICTS = ['440106', '440105', '440103', '440104', '440111', '440112', '440113', '440114'];
const party = (code: string): Party => ({ level: 'district', cityCode: '440100', districtCode: code, unitName: `广州市${code}区人民政府` });

describe('concurrency (e2e)', () => {
  const clock = new TestClock(T0);
  const gate = new StoreGate();
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-e2e-'));
  let first: TestApp;
  let second: TestApp;
  let h: CaseHttp;
  let programId: string;

  const bootOnDataDir = async (name: string, owned: boolean): Promise<TestApp> => {
    const store = await openApiEventStore(loadConfig({ DATA_DIR: dataDir, ADMIN_PASSWORD }));
    return bootTestAppIn(dataDir, {}, { clock: clock.now, eventStore: gate.wrap(name, store) }, owned);
  };

  beforeAll(async () => {
    first = await bootOnDataDir('first', true);
    h = new CaseHttp(first);
    await h.signInAdmin();
    await h.addUser('city-gz', { role: 'city', cityCode: '440100' });
    for (const code of GZ_DISTRICTS) await h.addUser(`app-${code}`, { role: 'applicant', cityCode: '440100', districtCode: code });
    programId = await h.programIdOf('gd-bdpz-2019');
    // A second API process on the same DATA_DIR: its own command queue, the same event log and users.
    second = await bootOnDataDir('second', false);
  });

  afterAll(async () => {
    await second?.close();
    await first?.close();
  });

  it('creates 64 cases in one program at once without a single revision conflict', async () => {
    // No creation decides before all 64 have loaded their new case stream: they are all under way at once.
    gate.holdReads('case-', 64);
    const creations = Array.from({ length: 64 }, (_, i) => {
      const code = GZ_DISTRICTS[i % GZ_DISTRICTS.length];
      return h.call(`app-${code}`, 'post', '/cases', { programId, applicant: party(code) });
    });
    const statuses = (await Promise.all(creations)).map((r) => r.status);
    expect(statuses).toEqual(Array(64).fill(201));
    expect(await counted(first, 'shenbao_command_retries_total{type="CreateCase"}')).toBe(0);
    expect(gate.conflicts).toBe(0);
  });

  it('two processes racing for the last places: a conflict is met and retried, and exactly the limit of 3 succeed', async () => {
    const cases: CaseRef[] = [];
    for (const code of GZ_DISTRICTS.slice(0, 5)) cases.push(await h.toRecommendation(`app-${code}`, 'city-gz', party(code), programId));
    const other = h.on(second);
    // Each app's first recommendation waits before its append until the other's has decided too.
    gate.holdAppends('RecommendationSlotUsed', ['first', 'second']);
    const results = await Promise.all(cases.map((c, i) => (i % 2 === 0 ? h : other).recommend(c)));

    const statuses = results.map((r) => (r.status === 200 ? 'ok' : (r.body.error as string))).sort();
    expect(statuses).toEqual(['CITY_LIMIT_REACHED', 'CITY_LIMIT_REACHED', 'ok', 'ok', 'ok']);
    expect(gate.conflicts).toBeGreaterThanOrEqual(1);
    const retried = await Promise.all([first, second].map((t) => counted(t, 'shenbao_command_retries_total{type="IssueRecommendation"}')));
    expect(retried[0] + retried[1]).toBe(gate.conflicts);
    const slots = (await first.app.get<EventStore>(EVENT_STORE).readStream(programStream(programId))).filter((e) => e.type === 'RecommendationSlotUsed');
    expect(slots.map((e) => (e.data as { cityCode: string }).cityCode)).toEqual(['440100', '440100', '440100']);
    // Each app's read side sees the other's appends too.
    for (const t of [first, second]) {
      const program = await t.http().get(`${API}/programs/${programId}`).set('Authorization', `Bearer ${h.tokens.admin}`).expect(200);
      expect(program.body.cities).toContainEqual(expect.objectContaining({ cityCode: '440100', recommended: 3, remaining: 0 }));
    }
  });
});
