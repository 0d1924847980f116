/**
 * What the workflow pages compute: the stages a version's lifecycle passes through, read off the API's Mermaid
 * diagram (which the server reads off the built machine, so a switched-off stage is gone from it); the stages a
 * definition being edited will have; the leaf-by-leaf difference between two definitions; ISO durations as counts.
 */
import type { WorkflowDefinition } from './api';

/** The stages that can carry a time limit, in lifecycle order (workflows/src/definition.types.ts TIMED_STAGES). */
export const TIMED_STAGES = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'approval', 'cultivation'] as const;
export type TimedStage = (typeof TIMED_STAGES)[number];
export const SWITCHABLE: readonly TimedStage[] = ['defense', 'siteVisit'];
/** The main line of the lifecycle; `cultivation` is a side stage (deferred cases wait there). */
const MAIN_LINE = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation'];

/**
 * The lifecycle's stages in the diagram's order: every top-level state that some movement leaves (substates such
 * as `expertReview_scoring` count for their stage). End states, which nothing leaves, are in `ends`.
 */
export function stagesOfDiagram(mermaid: string): { stages: string[]; ends: string[] } {
  const stages: string[] = [];
  const ends: string[] = [];
  const add = (list: string[], id: string) => void (list.includes(id) || list.push(id));
  for (const raw of mermaid.split('\n')) {
    if (!raw.startsWith('    ') || raw.startsWith('        ')) continue;
    const line = raw.trim();
    const block = /^state (\S+) \{$/.exec(line);
    if (block) add(stages, block[1]!.split('_')[0]!);
    const edge = /^(\S+) --> (\S+)/.exec(line);
    if (!edge || edge[1] === '[*]') continue;
    const from = edge[1]!.split('_')[0]!;
    if (edge[2] === '[*]') add(ends, from);
    else add(stages, from);
  }
  return { stages: stages.filter((s) => !ends.includes(s)), ends };
}

/** The main-line stages a definition will have: defense and site visit only when not switched off. */
export function stagesOfDefinition(d: Pick<WorkflowDefinition, 'stages'>): string[] {
  const stages = d.stages as Partial<Record<TimedStage, { enabled?: boolean }>>;
  return MAIN_LINE.filter((s) => !SWITCHABLE.includes(s as TimedStage) || stages[s as TimedStage]?.enabled !== false);
}

/** Every leaf of a JSON value by its path ("panel.size", "rubric[2].max"). */
export function leaves(value: unknown, path = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(path, Array.isArray(value) ? value.join(', ') : value);
  }
  return out;
}

export interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}

/** The leaves that differ between `before` and `after` (key and version, which always change, left out). */
export function diffDefinitions(before: unknown, after: unknown): Change[] {
  const a = leaves(before);
  const b = leaves(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => p !== 'key' && p !== 'version');
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, before: a.get(p), after: b.get(p) }));
}

/** "P10D" → 10 for unit "D"; "P6M" → 6 for unit "M"; anything else → null. */
export function isoCount(iso: string | undefined, unit: 'D' | 'M'): number | null {
  const m = new RegExp(`^P(\\d+)${unit}$`).exec(iso ?? '');
  return m ? Number(m[1]) : null;
}
