/**
 * Sets the lifecycle benchmark up through the API only: a short workflow version (panel of 3, no defense or site
 * visit, a 1-second publicity period, as docs/tour.sh has it with 10 seconds), a program on it whose window is open
 * today with room for every case (Guangzhou's recommendation limit and the quota at least the number of cases), one
 * applicant per lane spread over Guangzhou's districts, a city officer, a province officer and three experts from
 * other cities (recusal keeps Guangzhou's own off the panel).
 */
import { dateIn, GD_BDPZ_2019_PROGRAM } from '@shenbao/domain';
import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { JsonClient } from '../http/http-client';
import { API, BENCH_PROGRAM } from '../http/setup';

const DAY_MS = 24 * 60 * 60 * 1000;
const GUANGZHOU = GD_BDPZ_2019_PROGRAM.regions.find((r) => r.cityCode === '440100')!;
const EXPERT_CITIES = ['440300', '440400', '440600'];

export interface Lane {
  token: string;
  party: { level: 'district'; cityCode: string; districtCode: string; unitName: string };
}

export interface LifecycleSetup {
  programId: string;
  applicants: Lane[];
  city: string;
  province: string;
  experts: { id: string; token: string }[];
}

/** The shipped workflow, shortened as docs/tour.sh does, with a publicity period of one second. */
function workflow(): Record<string, unknown> {
  const { key: _key, version: _version, ...shipped } = GD_BDPZ_2019;
  return {
    ...shipped,
    name: 'lifecycle benchmark: panel of 3, no defense or site visit, 1 s publicity',
    stages: { ...GD_BDPZ_2019.stages, defense: { enabled: false }, siteVisit: { enabled: false } },
    panel: { size: 3, aggregation: 'mean' },
    publicity: { duration: 'PT1S', unit: 'calendar' },
  };
}

export async function setUpLifecycle(client: JsonClient, adminPassword: string, lanes: number, cases: number, runId: string): Promise<LifecycleSetup> {
  const login = async (username: string, password: string): Promise<string> =>
    (await client.expect<{ accessToken: string }>(200, 'POST', `${API}/auth/login`, { body: { username, password } })).accessToken;
  const admin = await login('admin', adminPassword);
  const post = <T>(path: string, body: unknown) => client.expect<T>(201, 'POST', `${API}${path}`, { token: admin, body });

  const wfKey = `bench-lifecycle-${runId}`;
  const { version } = await post<{ version: number }>(`/workflows/${wfKey}/versions`, { definition: workflow() });
  const now = Date.now();
  const { id: programId } = await post<{ id: string }>('/programs', {
    ...BENCH_PROGRAM,
    key: wfKey,
    name: `lifecycle benchmark ${runId}`,
    workflow: { key: wfKey, version },
    regions: [{ ...GUANGZHOU, limit: cases }],
    quota: { min: 1, max: cases },
    window: { opensOn: dateIn(new Date(now - DAY_MS)), closesOn: dateIn(new Date(now + 60 * DAY_MS)) },
    targetDate: dateIn(new Date(now + 730 * DAY_MS)),
  });

  const password = `Bench-pass-${runId}-1`;
  // Registration and sign-in hash passwords (argon2id): one at a time keeps the setup polite.
  const user = async (username: string, spec: Record<string, string>): Promise<string> => {
    await post('/users', { username, password, displayName: username, ...spec });
    return login(username, password);
  };
  const applicants: Lane[] = [];
  for (let i = 0; i < lanes; i++) {
    const d = GUANGZHOU.districts[i % GUANGZHOU.districts.length];
    const token = await user(`bench-lc-${runId}-${i}`, { role: 'applicant', cityCode: '440100', districtCode: d.code });
    applicants.push({ token, party: { level: 'district', cityCode: '440100', districtCode: d.code, unitName: `广州市${d.name}区人民政府` } });
  }
  const city = await user(`bench-lc-${runId}-city`, { role: 'city', cityCode: '440100' });
  const province = await user(`bench-lc-${runId}-prov`, { role: 'province' });
  const experts: { id: string; token: string }[] = [];
  for (const home of EXPERT_CITIES) {
    const { id } = await post<{ id: string }>('/experts', { name: `专家 ${home}`, homeCityCode: home, employer: `${home} 大学`, fields: ['大数据'] });
    experts.push({ id, token: await user(`bench-lc-${runId}-exp-${home}`, { role: 'expert', expertId: id }) });
  }
  return { programId, applicants, city, province, experts };
}
