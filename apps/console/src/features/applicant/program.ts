/** The program a case belongs to, as the applicant's pages need it (its task catalogue, minimum, target date). */
import { useQuery } from '@tanstack/react-query';
import { call } from '../../api/client';
import type { Schemas } from '../../api/client';
import type { ProgramTasks } from './missing';

export interface ProgramInfo extends ProgramTasks {
  id: string;
  name: string;
  targetDate: string;
}

/**
 * The program as `GET /programs/:id` gives it, cached under the same key as every other page's reads of it (the
 * reviewers' pages need its regions and limits), shaped for these pages by `select`.
 */
export function useProgram(programId: string | undefined) {
  return useQuery({
    queryKey: ['program', programId],
    enabled: programId !== undefined,
    queryFn: () => call<Schemas['ProgramViewDoc']>(`/programs/${encodeURIComponent(programId!)}`),
    select: (p): ProgramInfo => {
      // The document types `tasks` loosely (an object per task); the API gives {code, name}.
      const tasks = (p.tasks as unknown as { code: string; name: string }[]).map(({ code, name }) => ({ code, name }));
      return { id: p.id, name: p.name, tasks, minTasks: p.minTasks, targetDate: p.targetDate };
    },
  });
}

/** A task's name from its code (the code itself when the catalogue has no such task). */
export const taskNamer = (program: ProgramTasks) => (code: string): string => program.tasks.find((x) => x.code === code)?.name ?? code;
