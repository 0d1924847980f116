/**
 * Shared seeding journeys for deadline tests: a Guangzhou district case taken into cityAudit, or all the way to
 * publicity.awaiting, with the lifecycle fixture (lifecycle.ts) through a CaseSeeder in program `programId`.
 * Actors: the province officer `u-prov`, Guangzhou's city officer `u-gz`, one applicant per district, experts e3–e7.
 */
import type { Actor } from '@shenbao/domain';
import type { CaseSeeder } from './case-seeding';
import { driveTo } from './lifecycle';
import type { StationCast } from './lifecycle';

export const prov: Actor = { userId: 'u-prov', role: 'province' };
export const cityGz: Actor = { userId: 'u-gz', role: 'city', cityCode: '440100' };
export const DISTRICTS: Record<string, string> = { '440103': '荔湾', '440104': '越秀', '440105': '海珠', '440106': '天河' };
export const applicantOf = (districtCode: string): Actor => ({ userId: `u-${districtCode}`, role: 'applicant', cityCode: '440100', districtCode });

/** The cast of a case of a Guangzhou district. */
export const guangzhouCast = (districtCode: string): StationCast => ({
  applicant: { userId: `u-${districtCode}`, role: 'applicant', cityCode: '440100', districtCode },
  unitName: `广州市${DISTRICTS[districtCode]}区人民政府`,
  city: cityGz,
  province: prov,
  panel: ['e3', 'e4', 'e5', 'e6', 'e7'],
});

/** Created, form saved and submitted: in cityAudit. Returns the submission's position. */
export async function seedInCityAudit(seed: CaseSeeder, programId: string, caseId: string, districtCode: string): Promise<number> {
  return (await driveTo(seed, programId, caseId, 'cityAudit', guangzhouCast(districtCode))).written!.position;
}

/** Recommended, reviewed, defended and visited: awaiting publicity. */
export async function seedAwaitingPublicity(seed: CaseSeeder, programId: string, caseId: string, districtCode: string): Promise<void> {
  await driveTo(seed, programId, caseId, 'awaitingPublicity', guangzhouCast(districtCode));
}
