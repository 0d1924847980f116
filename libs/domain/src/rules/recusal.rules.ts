/**
 * Conflict of interest (回避) and the seeded random draw of an expert panel.
 *
 * The draw must be re-runnable by an auditor from what the `ExpertPanelFormed` event records (seed, pool,
 * exclusions), so it uses its own PRNG instead of `Math.random`:
 *   1. eligible experts (no conflict) sorted by id (code-unit order) form the pool;
 *   2. SHA-256(UTF-8 seed) gives four big-endian uint32 words a, b, c, d; sfc32(a, b, c, d) is advanced 12 times
 *      to mix the state;
 *   3. Fisher–Yates from the last index down: j = floor(next() / 2^32 * (i + 1)), swap pool[i] and pool[j];
 *   4. the panel is the first `size` experts of the shuffled pool.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '../errors';

export interface PoolExpert {
  id: string;
  homeCityCode: string;
  employer: string;
}

export interface CaseParties {
  /** Every city involved in the case (applicant and partners). */
  cityCodes: string[];
  /** Every unit that is a party (applicant and partners). */
  unitNames: string[];
}

export interface RecusalPolicy {
  homeCity: boolean;
  employer: boolean;
}

export interface PanelDraw {
  expertIds: string[];
  /** The eligible pool in the order it was drawn from (sorted by id). */
  pool: string[];
  excluded: { expertId: string; reason: string }[];
}

export const RECUSAL_RULES = { poolTooSmall: 'panel.poolTooSmall', panelSize: 'panel.size' } as const;

/**
 * Normalizes a unit name for comparison: NFKC folds full-width letters, digits and brackets to half-width
 * (（ → (), whitespace of any kind (incl. the ideographic space) is dropped, Latin letters compared case-blind.
 */
export const normalizeUnitName = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

/** Why this expert may not review a case of these parties; empty when there is no conflict. */
export function conflictReasons(expert: PoolExpert, parties: CaseParties, policy: RecusalPolicy): string[] {
  const reasons: string[] = [];
  if (policy.homeCity && parties.cityCodes.includes(expert.homeCityCode)) {
    reasons.push(`home city ${expert.homeCityCode} is a city of the case`);
  }
  const employer = normalizeUnitName(expert.employer);
  if (policy.employer && employer !== '' && parties.unitNames.some((u) => normalizeUnitName(u) === employer)) {
    reasons.push(`employer ${expert.employer.trim()} is a party to the case`);
  }
  return reasons;
}

/** Draws `size` experts without conflict, reproducibly from `seed` (see the module comment for the algorithm). */
export function drawPanel(
  pool: readonly PoolExpert[],
  size: number,
  seed: string,
  parties: CaseParties,
  policy: RecusalPolicy,
): PanelDraw {
  if (!Number.isInteger(size) || size < 1) {
    throw DomainError.validation([{ field: 'draw', messages: ['must be a positive integer (the panel size)'] }]);
  }
  const byId = new Map<string, PoolExpert>();
  for (const e of pool) if (!byId.has(e.id)) byId.set(e.id, e);
  const sorted = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const eligible: string[] = [];
  const excluded: PanelDraw['excluded'] = [];
  for (const e of sorted) {
    const reasons = conflictReasons(e, parties, policy);
    if (reasons.length === 0) eligible.push(e.id);
    else excluded.push({ expertId: e.id, reason: reasons.join('; ') });
  }
  if (eligible.length < size) {
    throw DomainError.rules([{
      rule: RECUSAL_RULES.poolTooSmall,
      message: `A panel of ${size} needs ${size} experts without a conflict of interest; only ${eligible.length} of ${sorted.length} are eligible.`,
    }]);
  }
  const shuffled = seededShuffle(eligible, seed);
  return { expertIds: shuffled.slice(0, size), pool: eligible, excluded };
}

/** Fisher–Yates with sfc32 seeded from SHA-256(seed); returns a new array. */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  const next = sfc32FromSeed(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor((next() / 2 ** 32) * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator); yields uint32 values. */
function sfc32FromSeed(seed: string): () => number {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32BE(0);
  let b = digest.readUInt32BE(4);
  let c = digest.readUInt32BE(8);
  let d = digest.readUInt32BE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}
