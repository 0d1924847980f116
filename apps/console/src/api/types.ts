/**
 * Response bodies the API's OpenAPI document does not describe yet (it types requests, not these answers); they
 * mirror apps/api's case-detail.view.ts, case-history.view.ts and libs/projections' inbox query.
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface InboxItem {
  id: string;
  caseId: string;
  programId: string;
  kind: string;
  title: { zh: string; en: string };
  createdAt: string;
  done: boolean;
}

export interface Unit {
  level?: 'district' | 'city';
  cityCode: string;
  districtCode?: string;
  unitName: string;
}

export interface Deadline {
  kind: string;
  dueAt: string;
  stage: string;
  provisional?: true;
}

export interface CaseDetail {
  id: string;
  programId: string;
  stage: string;
  substate: string | null;
  revision: number;
  applicant: Unit & { level: 'district' | 'city' };
  partners: Unit[];
  cities: string[];
  overdue: boolean;
  deadlines: Deadline[];
  allowedActions: string[];
  createdAt: string;
  updatedAt: string;
}

export interface HistoryItem {
  position: number;
  revision: number;
  type: string;
  at: string;
  actor: { id: string; role: string };
  data: unknown;
  hash: string;
  redacted?: true;
}
