/** Who is acting, as the decider sees it: the authenticated user's role and scope, never more. */

export const ROLES = ['admin', 'province', 'city', 'applicant', 'expert'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  role: Role;
  /** `city` and `applicant` users: their city (GB/T 2260). */
  cityCode?: string;
  /** District-level `applicant` users: their district. */
  districtCode?: string;
  /** `expert` users: their record in the expert pool. */
  expertId?: string;
  /** `applicant` users: the unit they act for. */
  unitName?: string;
}

/** Everything a decision may depend on besides the command and the state: the caller and the clock. */
export interface DecideContext {
  actor: Actor;
  now: Date;
}

export const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
