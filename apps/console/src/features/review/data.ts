/**
 * The reads the reviewers' forms need besides the case: the program (regions with names, each city's
 * recommendations used and limit, approvals against the quota), the case's workflow version (rubric, panel size and
 * aggregation, recusal policy; province and experts may read it) and the expert pool (province).
 * The OpenAPI document describes the program's lists as plain objects, so their items are named here.
 */
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { CaseDetail, Page } from '../../api/types';
import type { components } from '../../api/schema';
import type { Aggregation } from './review-model';

type Schemas = components['schemas'];

export interface ProgramCity {
  cityCode: string;
  name: string;
  limit: number;
  recommended: number;
  remaining: number;
}
export interface ProgramRegion {
  cityCode: string;
  name: string;
  districts: { code: string; name: string }[];
}
export interface ProgramView extends Omit<Schemas['ProgramViewDoc'], 'cities' | 'regions' | 'approvals' | 'publicityBatches'> {
  cities: ProgramCity[];
  regions: ProgramRegion[];
  approvals: { granted: number; min: number; max: number };
  publicityBatches: { batchId: string; caseIds: string[]; startsAt: string; endsAt: string }[];
}

export interface WorkflowView {
  key: string;
  version: number;
  rubric: { id: string; name: string; max: number }[];
  passThreshold: number;
  panel: { size: number; aggregation: Aggregation };
  recusal: { homeCity: boolean; employer: boolean };
  publicity: { duration: string; unit: 'calendar' | 'working' };
  stages: Partial<Record<string, { enabled?: boolean }>>;
}

export type Expert = Schemas['Expert'];
export type Dashboard = Schemas['Dashboard'];

export const useProgram = (programId: string | undefined) =>
  useQuery({ queryKey: ['program', programId], enabled: !!programId, queryFn: () => call<ProgramView>(`/programs/${encodeURIComponent(programId ?? '')}`) });

export const useWorkflow = (w: CaseDetail['workflow'] | undefined) =>
  useQuery({
    queryKey: ['workflow', w?.key, w?.version],
    enabled: !!w,
    staleTime: Infinity, // versions are immutable
    queryFn: () => call<WorkflowView>(`/workflows/${encodeURIComponent(w?.key ?? '')}/versions/${w?.version ?? 0}`),
  });

/** The pool; only the province (and administrators) may read it. */
export const useExperts = (enabled = true) => useQuery({ queryKey: ['experts'], enabled, queryFn: () => call<Page<Expert>>('/experts?limit=200') });

export const useDashboard = (programId: string | undefined) =>
  useQuery({ queryKey: ['dashboard', programId], enabled: !!programId, queryFn: () => call<Dashboard>(`/programs/${encodeURIComponent(programId ?? '')}/dashboard`) });

/** City and district names from the program's regions: `广州 / 天河`; the codes when the program does not name them. */
export function placeName(program: ProgramView | undefined, u: { cityCode: string; districtCode?: string }): string {
  const region = program?.regions.find((r) => r.cityCode === u.cityCode);
  const district = u.districtCode ? (region?.districts.find((d) => d.code === u.districtCode)?.name ?? u.districtCode) : undefined;
  return [region?.name ?? u.cityCode, district].filter(Boolean).join(' / ');
}
