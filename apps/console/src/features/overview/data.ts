/** The reads of the overview pages: the programs (for their names, regions, quota and target date) and the monitoring. */
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import type { components } from '../../api/schema';
import type { ProgramView } from '../review/data';

export type Monitoring = components['schemas']['Monitoring'];
export type Zone = Monitoring['zones'][number];
export type Rating = NonNullable<Zone['ratings'][number]['province']>;
export type ProgramWithTarget = ProgramView & { targetDate: string };

export const usePrograms = (enabled = true) => useQuery({ queryKey: ['programs'], enabled, queryFn: () => call<Page<ProgramView>>('/programs') });

export const useMonitoring = (programId: string | undefined) =>
  useQuery({ queryKey: ['monitoring', programId], enabled: !!programId, queryFn: () => call<Monitoring>(`/programs/${encodeURIComponent(programId ?? '')}/monitoring`) });

/** City names from the programs' regions, by code. */
export function cityNames(programs: ProgramView[]): Map<string, string> {
  return new Map(programs.flatMap((p) => p.regions.map((r) => [r.cityCode, r.name] as const)));
}
