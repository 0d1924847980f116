/**
 * The case search's filters as they stand in the page's URL (so a search can be shared and every figure of the
 * dashboard can link to one), the `GET /cases` path they ask for, and the problems the page refuses before asking.
 */
import type { components } from '../../api/schema';

type Stage = components['schemas']['CaseListItem']['stage'];
/** The roles overdue work can be held by (the dashboard's overdueByRole, the search's overdueRole). */
export const HOLDER_ROLES = ['applicant', 'city', 'expert', 'province'] as const;
export type HolderRole = (typeof HOLDER_ROLES)[number];
export const SORTS = ['updatedAt', '-updatedAt', 'dueAt', 'unitName'] as const;
export type Sort = (typeof SORTS)[number];
/** The API's limit on `q` (list-cases.dto.ts MAX_Q_LENGTH). */
export const MAX_Q = 50;
export const PAGE_SIZE = 20;

export interface CaseFilters {
  programId?: string;
  q?: string;
  cityCode?: string;
  districtCode?: string;
  stage?: Stage;
  overdue?: boolean;
  /** Only overdue cases held now by this role. */
  overdueRole?: HolderRole;
  submittedFrom?: string;
  submittedTo?: string;
  sort?: Sort;
}

const TEXT_KEYS = ['programId', 'q', 'cityCode', 'districtCode', 'stage', 'submittedFrom', 'submittedTo'] as const;

export function filtersFromParams(p: URLSearchParams): CaseFilters {
  const f: CaseFilters = {};
  for (const k of TEXT_KEYS) {
    const v = p.get(k)?.trim();
    if (v) (f as Record<string, string>)[k] = v;
  }
  const overdue = p.get('overdue');
  if (overdue === 'true' || overdue === 'false') f.overdue = overdue === 'true';
  const role = p.get('overdueRole');
  if (role && (HOLDER_ROLES as readonly string[]).includes(role)) f.overdueRole = role as HolderRole;
  const sort = p.get('sort');
  if (sort && (SORTS as readonly string[]).includes(sort)) f.sort = sort as Sort;
  return f;
}

/** The URL's search part for these filters; empty ones are left out. */
export function paramsFromFilters(f: CaseFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const k of TEXT_KEYS) {
    const v = f[k]?.trim();
    if (v) p.set(k, v);
  }
  if (f.overdue !== undefined) p.set('overdue', String(f.overdue));
  if (f.overdueRole) p.set('overdueRole', f.overdueRole);
  if (f.sort) p.set('sort', f.sort);
  return p;
}

/** `/search?…`: the link every figure of the dashboard points at. */
export const searchLink = (f: CaseFilters): string => {
  const p = paramsFromFilters(f).toString();
  return p ? `/search?${p}` : '/search';
};

export function casesPath(f: CaseFilters, cursor?: string): string {
  const p = paramsFromFilters(f);
  p.set('limit', String(PAGE_SIZE));
  if (cursor) p.set('cursor', cursor);
  return `/cases?${p.toString()}`;
}

export type Problem = { field: 'q' | 'submittedFrom'; key: 'qTooLong' | 'dateOrder' };

/** What the API would refuse, said at the field before asking it. */
export function problemsOf(f: CaseFilters): Problem[] {
  const out: Problem[] = [];
  if (f.q && [...f.q].length > MAX_Q) out.push({ field: 'q', key: 'qTooLong' });
  if (f.submittedFrom && f.submittedTo && f.submittedFrom > f.submittedTo) out.push({ field: 'submittedFrom', key: 'dateOrder' });
  return out;
}
