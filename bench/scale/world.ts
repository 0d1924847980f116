/**
 * The scale benchmark's growth, shared with bench/replicas/cold-replica.ts: an administrator, 32 applicants (one per
 * district) and a city officer, and cases created, saved (docs/examples/application.json) and submitted through the
 * API, 32 at a time, a new program every `perProgram` cases (the seeded notice's settings with a window around today).
 */
import { dateIn, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { JsonClient } from '../http/http-client';
import { BENCH_PROGRAM, API, applicationFor } from '../http/setup';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Growth {
  /** Applicants (one per district), each growing cases in a loop of its own. */
  clients: number;
  /** Cases per program. */
  perProgram: number;
}

export interface Party {
  username: string;
  token: string;
  cityCode: string;
  districtCode: string;
  unitName: string;
}

export interface World {
  admin: string;
  applicants: Party[];
  cityOfficer: Party;
  programs: string[];
  cases: { id: string; owner: Party }[];
  /** 409s met creating cases (retried). */
  conflicts: number;
}

export async function login(client: JsonClient, username: string, password: string): Promise<string> {
  return (await client.expect<{ accessToken: string }>(200, 'POST', `${API}/auth/login`, { body: { username, password } })).accessToken;
}

async function openProgram(client: JsonClient, admin: string, runId: string, n: number): Promise<string> {
  const now = Date.now();
  const body = {
    ...BENCH_PROGRAM,
    key: `scale-${runId}-${n}`,
    name: `规模测试 ${runId} 第 ${n} 批`,
    workflow: { key: 'gd-bdpz-2019', version: 1 },
    window: { opensOn: dateIn(new Date(now - 30 * DAY_MS)), closesOn: dateIn(new Date(now + 300 * DAY_MS)) },
    targetDate: dateIn(new Date(now + 730 * DAY_MS)),
  };
  return (await client.expect<{ id: string }>(201, 'POST', `${API}/programs`, { token: admin, body })).id;
}

export async function setUp(client: JsonClient, adminPassword: string, runId: string, growth: Growth): Promise<World> {
  const admin = await login(client, 'admin', adminPassword);
  const password = `Scale-pass-${runId}-1`;
  const districts = GD_BDPZ_2019_PROGRAM.regions.flatMap((r) => r.districts.map((d) => ({ cityCode: r.cityCode, districtCode: d.code, unitName: `${r.name}${d.name}人民政府` })));
  const applicants: Party[] = [];
  for (const [i, d] of districts.slice(0, growth.clients).entries()) {
    const username = `scale-${runId}-${i}`;
    await client.expect(201, 'POST', `${API}/users`, { token: admin, body: { username, password, displayName: d.unitName, role: 'applicant', cityCode: d.cityCode, districtCode: d.districtCode } });
    applicants.push({ username, token: await login(client, username, password), ...d });
  }
  const city = { username: `scale-${runId}-city`, cityCode: applicants[0]!.cityCode, districtCode: '', unitName: '' };
  await client.expect(201, 'POST', `${API}/users`, { token: admin, body: { username: city.username, password, displayName: '市工信局', role: 'city', cityCode: city.cityCode } });
  const cityOfficer = { ...city, token: await login(client, city.username, password) };
  return { admin, applicants, cityOfficer, programs: [], cases: [], conflicts: 0 };
}

/** Creates, saves and submits cases until the store holds `target` cases. */
export async function grow(client: JsonClient, world: World, runId: string, target: number, growth: Growth): Promise<number> {
  const started = Date.now();
  let next = world.cases.length;
  const opening: Promise<string>[] = world.programs.map((id) => Promise.resolve(id));
  const loops = world.applicants.map(async (a) => {
    for (;;) {
      const n = next++;
      if (n >= target) return;
      const programIndex = Math.floor(n / growth.perProgram);
      // The first loop to need a program opens it; the others wait for the same promise.
      opening[programIndex] ??= openProgram(client, world.admin, runId, programIndex).then((id) => (world.programs[programIndex] = id));
      const programId = await opening[programIndex]!;
      const body = { programId, applicant: { level: 'district', cityCode: a.cityCode, districtCode: a.districtCode, unitName: a.unitName } };
      let res = await client.send<{ id: string; revision: number }>('POST', `${API}/cases`, { token: a.token, body });
      // A conflict on the program stream the client never named (counted; the server should not need the retry).
      while (res.status === 409) {
        world.conflicts += 1;
        res = await client.send<{ id: string; revision: number }>('POST', `${API}/cases`, { token: a.token, body });
      }
      if (res.status !== 201) throw new Error(`POST /cases answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      const created = res.body;
      const saved = await client.expect<{ revision: number }>(200, 'PUT', `${API}/cases/${created.id}/application`, {
        token: a.token,
        body: applicationFor(a.unitName, `${runId}-${n}`, n),
        headers: { 'if-match': `"${created.revision}"` },
      });
      await client.expect(200, 'POST', `${API}/cases/${created.id}/submit`, { token: a.token, headers: { 'if-match': `"${saved.revision}"` } });
      world.cases.push({ id: created.id, owner: a });
    }
  });
  await Promise.all(loops);
  return (Date.now() - started) / 1000;
}
