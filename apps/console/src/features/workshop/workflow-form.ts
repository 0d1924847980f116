/**
 * The new-version form's values and the definition they make. The values keep the definition's shape and field
 * names (so the API's "stages.cityAudit.timeLimit.duration" lands on that field), with whole-day durations as day
 * counts and the report cadence as months; a duration that is not whole days stays ISO text. Every field of a
 * definition has its value here (workflows/src/definition.schema.ts lists them); key and version are the server's.
 */
import type { WorkflowDefinition } from './api';
import { TIMED_STAGES, isoCount } from './workflow-model';
import type { TimedStage } from './workflow-model';

export type Amount = number | string | null | undefined;
type Unit = 'calendar' | 'working';

export interface StageValues {
  enabled?: boolean;
  timeLimit: { duration: Amount; unit: Unit };
  reminders: Amount[];
  /** The definition's default (true) when it says nothing. */
  resetOnReturn: boolean;
}

/** The ratings in the order a definition lists them: best first. */
export const RATINGS = ['excellent', 'good', 'pass', 'fail'] as const;

export interface FormValues {
  name: string;
  stages: Record<TimedStage, StageValues>;
  panel: WorkflowDefinition['panel'];
  rubric: { id: string; name: string; max: number }[];
  passThreshold: number;
  defensePassThreshold?: number | null;
  publicity: { duration: Amount; unit: Unit };
  monitoring: Omit<WorkflowDefinition['monitoring'], 'reportEvery' | 'reportGrace'> & { reportEvery: Amount; reportGrace?: Amount };
  recusal: WorkflowDefinition['recusal'];
  timeZone: string;
}

type StageSpec = { enabled?: boolean; timeLimit?: { duration: string; unit: Unit }; reminders?: string[]; resetOnReturn?: boolean };

const days = (iso: string | undefined): Amount => (iso === undefined ? undefined : (isoCount(iso, 'D') ?? iso));
const months = (iso: string): Amount => isoCount(iso, 'M') ?? iso;
/** Back to ISO: a count becomes P<n>D (or M); text is sent as typed; nothing is undefined. */
export function toIso(value: Amount, unit: 'D' | 'M'): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return typeof value === 'number' ? `P${value}${unit}` : value.trim();
}

export function toForm(d: WorkflowDefinition): FormValues {
  const stages = d.stages as Partial<Record<TimedStage, StageSpec>>;
  const entries = TIMED_STAGES.map((s): [TimedStage, StageValues] => {
    const spec = stages[s] ?? {};
    return [
      s,
      {
        ...(spec.enabled !== undefined || s === 'defense' || s === 'siteVisit' ? { enabled: spec.enabled !== false } : {}),
        timeLimit: { duration: days(spec.timeLimit?.duration), unit: spec.timeLimit?.unit ?? 'working' },
        reminders: (spec.reminders ?? []).map(days),
        resetOnReturn: spec.resetOnReturn !== false,
      },
    ];
  });
  return {
    name: d.name,
    stages: Object.fromEntries(entries) as Record<TimedStage, StageValues>,
    panel: { ...d.panel },
    rubric: d.rubric.map((c) => ({ ...c })),
    passThreshold: d.passThreshold,
    defensePassThreshold: d.defensePassThreshold,
    publicity: { duration: days(d.publicity.duration), unit: d.publicity.unit },
    monitoring: { ...d.monitoring, reportEvery: months(d.monitoring.reportEvery), reportGrace: days(d.monitoring.reportGrace) },
    recusal: { ...d.recusal },
    timeZone: d.timeZone,
  };
}

/** The definition to publish (key and version left for the server: this workflow, next version). */
export function fromForm(v: FormValues, source: WorkflowDefinition): Omit<WorkflowDefinition, 'key' | 'version'> {
  const stages: Partial<Record<TimedStage, StageSpec>> = {};
  const sourceStages = source.stages as Partial<Record<TimedStage, StageSpec>>;
  for (const s of TIMED_STAGES) {
    const sv = v.stages?.[s];
    if (!sv) continue;
    const duration = toIso(sv.timeLimit?.duration, 'D');
    const reminders = (sv.reminders ?? []).map((r) => toIso(r, 'D')).filter((r): r is string => r !== undefined);
    stages[s] = {
      ...(sv.enabled !== undefined ? { enabled: sv.enabled } : {}),
      ...(duration ? { timeLimit: { duration, unit: sv.timeLimit.unit } } : {}),
      ...(duration && reminders.length > 0 ? { reminders } : {}),
      // Said when it is not the default, or when the source said it (so an unchanged stage shows no difference).
      ...(sv.resetOnReturn === false || sourceStages[s]?.resetOnReturn !== undefined ? { resetOnReturn: sv.resetOnReturn !== false } : {}),
    };
  }
  const grace = toIso(v.monitoring?.reportGrace, 'D');
  return {
    name: v.name,
    stages: stages as WorkflowDefinition['stages'],
    panel: v.panel,
    rubric: v.rubric ?? [],
    passThreshold: v.passThreshold,
    ...(v.defensePassThreshold !== undefined && v.defensePassThreshold !== null ? { defensePassThreshold: v.defensePassThreshold } : {}),
    publicity: { duration: toIso(v.publicity?.duration, 'D') ?? '', unit: v.publicity?.unit },
    monitoring: {
      ...v.monitoring,
      ratings: RATINGS.filter((r) => (v.monitoring?.ratings ?? []).includes(r)),
      reportEvery: toIso(v.monitoring?.reportEvery, 'M') ?? '',
      ...(grace ? { reportGrace: grace } : { reportGrace: undefined }),
    },
    recusal: v.recusal,
    timeZone: v.timeZone?.trim() || source.timeZone,
  } as Omit<WorkflowDefinition, 'key' | 'version'>;
}
