/**
 * What the reviewers' forms compute from what the API shows them: the panel as it stands after recusals and
 * replacements, the panel's aggregate score as the workflow defines it (for display; the API computes the one that
 * counts), which experts a case's recusal policy bars, and where an API field error belongs in a form.
 */
import type { CaseDetail } from '../../api/types';

export type Aggregation = 'mean' | 'trimmedMean';

interface Replacement {
  recusedExpertId: string;
  expertId: string;
}

const asStrings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** The experts on the panel now: the formed panel with each recused seat's replacement in its place. */
export function currentPanel(review: CaseDetail['review']): string[] {
  const replacements = review.replacements as unknown as Replacement[];
  return asStrings(review.panel?.expertIds).map((id) => {
    let at = id;
    for (let r = replacements.find((x) => x.recusedExpertId === at); r; r = replacements.find((x) => x.recusedExpertId === at)) at = r.expertId;
    return at;
  });
}

/** Recused experts: their ids. */
export const recusedIds = (review: CaseDetail['review']): string[] => review.recusals.map((r) => String(r.expertId));

/** Seats left open by a recusal and not filled yet. */
export const openSeats = (review: CaseDetail['review']): string[] => currentPanel(review).filter((id) => recusedIds(review).includes(id));

const round2 = (n: number): number => Math.round((n + Number.EPSILON) * 100) / 100;

/** The panel's score from the experts' totals, or undefined when the method cannot compute one yet. */
export function aggregate(totals: number[], method: Aggregation): number | undefined {
  if (totals.length === 0 || (method === 'trimmedMean' && totals.length < 3)) return undefined;
  const values = method === 'trimmedMean' ? [...totals].sort((a, b) => a - b).slice(1, -1) : totals;
  return round2(values.reduce((a, b) => a + b, 0) / values.length);
}

export interface PoolExpert {
  id: string;
  homeCityCode: string;
  employer: string;
}
export type ConflictKind = 'homeCity' | 'employer';

const normalizeUnitName = (s: string): string => s.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();

/** Why an expert may not sit on this case's panel under the workflow's recusal policy (回避); empty when free. */
export function conflictsOf(expert: PoolExpert, c: Pick<CaseDetail, 'cities' | 'applicant' | 'partners'>, policy: { homeCity: boolean; employer: boolean }): ConflictKind[] {
  const kinds: ConflictKind[] = [];
  if (policy.homeCity && c.cities.includes(expert.homeCityCode)) kinds.push('homeCity');
  const employer = normalizeUnitName(expert.employer);
  const units = [c.applicant, ...c.partners].map((p) => normalizeUnitName(p.unitName));
  if (policy.employer && employer !== '' && units.includes(employer)) kinds.push('employer');
  return kinds;
}

/** `objector.name` → ['objector', 'name']; `expertIds[0]` → ['expertIds', 0]. */
export function namePathOf(field: string): (string | number)[] {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export interface FieldProblem {
  field: string;
  messages: string[];
}

/**
 * Splits the API's field errors into those a form shows at one of its fields (the longest declared field the error's
 * path starts with) and the rest, which the form names in its error message.
 */
export function placeFieldErrors(problems: FieldProblem[], declared: string[]): { at: { name: (string | number)[]; messages: string[] }[]; rest: FieldProblem[] } {
  const declaredPaths = declared.map(namePathOf);
  const at = new Map<string, { name: (string | number)[]; messages: string[] }>();
  const rest: FieldProblem[] = [];
  for (const p of problems) {
    const path = namePathOf(p.field);
    const match = declaredPaths.filter((d) => d.length <= path.length && d.every((seg, i) => seg === path[i])).sort((a, b) => b.length - a.length)[0];
    if (!match) {
      rest.push(p);
      continue;
    }
    const key = match.join('.');
    const entry = at.get(key) ?? { name: match, messages: [] };
    entry.messages.push(...p.messages);
    at.set(key, entry);
  }
  return { at: [...at.values()], rest };
}

/** The API's field errors (`details: [{field, messages}]` of a 400 VALIDATION_FAILED), or none. */
export function fieldProblemsOf(details: unknown): FieldProblem[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((d: { field?: unknown; messages?: unknown }) =>
    typeof d?.field === 'string' ? [{ field: d.field, messages: asStrings(d.messages) }] : [],
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The API's English field messages in the user's language where their shape is known; the original otherwise. */
export function translateMessage(message: string, t: Translate): string {
  const m = (re: RegExp) => re.exec(message);
  let r: RegExpExecArray | null;
  if (message === 'must not be blank') return t('review.errors.messages.blank');
  if (/^is required/.test(message)) return t('review.errors.messages.required');
  if ((r = m(/^must be at most (\d+) characters$/))) return t('review.errors.messages.atMost', { n: r[1] });
  if ((r = m(/^must be between (\S+) and (\S+)$/))) return t('review.errors.messages.between', { min: r[1], max: r[2] });
  if ((r = m(/^must have at most (\d+) decimals?$/))) return t('review.errors.messages.decimal', { n: r[1] });
  if (message === 'must not be in the future') return t('review.errors.messages.future');
  return message;
}
