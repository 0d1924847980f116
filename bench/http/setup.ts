/**
 * Sets the benchmark up through the API only: the admin signs in, creates a demo program on the seeded workflow
 * gd-bdpz-2019 v1 with a window around today, and registers one applicant per district (district-level cases have
 * no per-district limit at the draft stage; the one-open-case rule is for city-level cases, and the city
 * recommendation limit only bites at `recommendation`), each signed in with a draft case of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dateIn, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import type { Application } from '@shenbao/domain';
import type { HttpClient } from './http-client';
import { ROOT } from './server-process';

export const API = '/api/v1';

/**
 * The seeded notice's program settings without its `paperwork` (optional per program; absent: no scan is asked for
 * before submitting or recommending). The benchmarks measure the engine's commands and reads, not uploads; the
 * attachments path is measured apart (bench/documents).
 */
export const BENCH_PROGRAM = (({ paperwork: _paperwork, ...rest }) => rest)(GD_BDPZ_2019_PROGRAM);
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Applicant {
  username: string;
  token: string;
  cityCode: string;
  districtCode: string;
  caseId: string;
  /** The case revision after the last acknowledged command (If-Match for the next save). */
  revision: number;
}

export interface BenchSetup {
  programId: string;
  applicants: Applicant[];
}

/** Every (city, district) pair of the seeded program's regions, in order. */
function districts(): { cityCode: string; districtCode: string; name: string }[] {
  return GD_BDPZ_2019_PROGRAM.regions.flatMap((r) => r.districts.map((d) => ({ cityCode: r.cityCode, districtCode: d.code, name: `${r.name}${d.name}` })));
}

export async function setUp(client: HttpClient, adminPassword: string, count: number, runId: string): Promise<BenchSetup> {
  const all = districts();
  if (count > all.length) throw new Error(`at most ${all.length} applicants (one per district of the program)`);
  const admin = (await client.expect<{ accessToken: string }>(200, 'POST', `${API}/auth/login`, { body: { username: 'admin', password: adminPassword } })).accessToken;

  const now = Date.now();
  const program = {
    ...BENCH_PROGRAM,
    key: `bench-http-${runId}`,
    name: `HTTP benchmark ${runId}`,
    workflow: { key: 'gd-bdpz-2019', version: 1 },
    window: { opensOn: dateIn(new Date(now - 30 * DAY_MS)), closesOn: dateIn(new Date(now + 60 * DAY_MS)) },
    targetDate: dateIn(new Date(now + 730 * DAY_MS)),
  };
  const { id: programId } = await client.expect<{ id: string }>(201, 'POST', `${API}/programs`, { token: admin, body: program });

  // Registration and sign-in hash passwords (argon2id): a few at a time, so setup stays short but polite.
  const password = `Bench-pass-${runId}-1`;
  const applicants: Applicant[] = [];
  const chosen = all.slice(0, count);
  for (let i = 0; i < chosen.length; i += 4) {
    const group = chosen.slice(i, i + 4).map(async (d, j) => {
      const username = `bench-${runId}-${String(i + j).padStart(2, '0')}`;
      await client.expect(201, 'POST', `${API}/users`, {
        token: admin,
        body: { username, password, displayName: `申报单位 ${d.name}`, role: 'applicant', cityCode: d.cityCode, districtCode: d.districtCode },
      });
      const { accessToken } = await client.expect<{ accessToken: string }>(200, 'POST', `${API}/auth/login`, { body: { username, password } });
      const created = await client.expect<{ id: string; revision: number }>(201, 'POST', `${API}/cases`, {
        token: accessToken,
        body: { programId, applicant: { level: 'district', cityCode: d.cityCode, districtCode: d.districtCode, unitName: `${d.name}区人民政府` } },
      });
      return { username, token: accessToken, cityCode: d.cityCode, districtCode: d.districtCode, caseId: created.id, revision: created.revision };
    });
    applicants.push(...(await Promise.all(group)));
  }
  return { programId, applicants };
}

const EXAMPLE = JSON.parse(readFileSync(join(ROOT, 'docs', 'examples', 'application.json'), 'utf8')) as Application;

/**
 * docs/examples/application.json with this save's marker in `currentStatus` (so the history check can match every
 * acknowledged save to exactly one event) and a few fields varied per save, as a person editing the form would.
 */
export function applicationFor(unitName: string, marker: string, n: number): Application {
  const app = structuredClone(EXAMPLE);
  app.cover.unitName = unitName;
  app.currentStatus = `已建成区级政务数据共享平台。[${marker}]`;
  app.basicSituation = `${EXAMPLE.basicSituation}（第 ${n} 次修改）`;
  app.keyProjects[0].totalInvestment = 1000 + (n % 1000) + 0.25;
  app.plan.workItems[0].title = `建设数据中台（第 ${n % 7} 期）`;
  return app;
}

/** The marker written by `applicationFor`, or undefined. */
export function markerOf(application: unknown): string | undefined {
  const status = (application as { currentStatus?: unknown } | null)?.currentStatus;
  return typeof status === 'string' ? /\[([^\]]+)\]$/.exec(status)?.[1] : undefined;
}
