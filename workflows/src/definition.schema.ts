/**
 * Validation of workflow definitions (admin input and the shipped versions). Hand-written so that every message names
 * its field (`stages.cityAudit.timeLimit.duration`, `rubric[2].max`) and no schema library is needed. All problems are
 * reported at once, grouped by field in the order found.
 */
import { fixedSeconds, isWholeDays, isZero, parseIsoDuration, type IsoDuration } from './iso-duration';
import { RATINGS, TIMED_STAGES, type DurationUnit, type WorkflowDefinition } from './definition.types';

export { parseIsoDuration, type IsoDuration } from './iso-duration';

export interface DefinitionFieldError {
  field: string;
  messages: string[];
}
export type DefinitionValidation =
  | { ok: true; definition: WorkflowDefinition }
  | { ok: false; errors: DefinitionFieldError[] };

type Obj = Record<string, unknown>;

// The field lists below are also what definition.json-schema.ts describes, so the two cannot drift apart.
export const KEY_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
export const TOP_LEVEL = [
  'key', 'version', 'name', 'stages', 'panel', 'rubric', 'passThreshold', 'defensePassThreshold', 'publicity',
  'monitoring', 'recusal', 'timeZone',
] as const;
/** Top-level fields a definition may leave out. */
export const OPTIONAL_TOP_LEVEL = ['defensePassThreshold'] as const;
export const STAGE_FIELDS = ['enabled', 'timeLimit', 'reminders', 'resetOnReturn'] as const;
export const SWITCHABLE = ['defense', 'siteVisit'] as const;
export const DURATION_SPEC_FIELDS = ['duration', 'unit'] as const;
export const DURATION_UNITS = ['calendar', 'working'] as const;
export const PANEL_FIELDS = ['size', 'aggregation'] as const;
export const MIN_PANEL_SIZE = 3;
export const AGGREGATIONS = ['mean', 'trimmedMean'] as const;
export const CRITERION_FIELDS = ['id', 'name', 'max'] as const;
export const MONITORING_FIELDS = ['reportEvery', 'ratings', 'reportGrace', 'missedReportsAsFail', 'rectificationRounds'] as const;
export const OPTIONAL_MONITORING_FIELDS = ['reportGrace'] as const;
export const RECUSAL_FIELDS = ['homeCity', 'employer'] as const;

class Problems {
  private readonly byField = new Map<string, string[]>();
  add(field: string, message: string): void {
    const list = this.byField.get(field) ?? [];
    list.push(message);
    this.byField.set(field, list);
  }
  get empty(): boolean {
    return this.byField.size === 0;
  }
  list(): DefinitionFieldError[] {
    return [...this.byField].map(([field, messages]) => ({ field, messages }));
  }
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

/** Requires a plain object; reports fields outside `allowed`. Returns the object or null. */
function object(value: unknown, field: string, allowed: readonly string[], p: Problems): Obj | null {
  if (!isObj(value)) {
    p.add(field, 'must be an object');
    return null;
  }
  for (const k of Object.keys(value)) if (!allowed.includes(k)) p.add(join(field, k), `unknown field "${k}"`);
  return value;
}

function integer(value: unknown, field: string, min: number, p: Problems): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) p.add(field, 'must be an integer');
  else if (value < min) p.add(field, `must be at least ${min}`);
}

function boolean(value: unknown, field: string, p: Problems): void {
  if (typeof value !== 'boolean') p.add(field, 'must be true or false');
}

function text(value: unknown, field: string, p: Problems): void {
  if (typeof value !== 'string' || value.trim() === '') p.add(field, 'must be a non-empty string');
}

/** A positive ISO 8601 duration; with `unit: 'working'` whole days only. */
function duration(value: unknown, field: string, p: Problems, unit?: DurationUnit): IsoDuration | null {
  if (typeof value !== 'string') {
    p.add(field, 'must be an ISO 8601 duration string such as P7D or PT2S');
    return null;
  }
  const d = parseIsoDuration(value);
  if (!d) {
    p.add(field, `"${value}" is not an ISO 8601 duration (P[nY][nM][nW][nD][T[nH][nM][nS]], whole numbers)`);
    return null;
  }
  if (isZero(d)) {
    p.add(field, 'must be longer than zero');
    return null;
  }
  if (unit === 'working' && !isWholeDays(d)) {
    p.add(field, `working-day durations are whole days only (e.g. P10D), got "${value}"`);
    return null;
  }
  return d;
}

function durationSpec(value: unknown, field: string, p: Problems): { d: IsoDuration; unit: DurationUnit } | null {
  const spec = object(value, field, DURATION_SPEC_FIELDS, p);
  if (!spec) return null;
  const unit = spec['unit'];
  if (unit !== 'calendar' && unit !== 'working') {
    p.add(join(field, 'unit'), 'must be "calendar" or "working"');
    duration(spec['duration'], join(field, 'duration'), p);
    return null;
  }
  const d = duration(spec['duration'], join(field, 'duration'), p, unit);
  return d ? { d, unit } : null;
}

function stageConfig(stage: string, value: unknown, p: Problems): void {
  const field = `stages.${stage}`;
  const cfg = object(value, field, STAGE_FIELDS, p);
  if (!cfg) return;
  if (cfg['enabled'] !== undefined) {
    if (!(SWITCHABLE as readonly string[]).includes(stage)) p.add(join(field, 'enabled'), 'only defense and siteVisit can be switched off');
    else boolean(cfg['enabled'], join(field, 'enabled'), p);
  }
  if (cfg['resetOnReturn'] !== undefined) boolean(cfg['resetOnReturn'], join(field, 'resetOnReturn'), p);
  const limit = cfg['timeLimit'] === undefined ? null : durationSpec(cfg['timeLimit'], join(field, 'timeLimit'), p);
  const reminders = cfg['reminders'];
  if (reminders === undefined) return;
  const rField = join(field, 'reminders');
  if (!Array.isArray(reminders)) return p.add(rField, 'must be an array of ISO 8601 durations');
  if (cfg['timeLimit'] === undefined) return p.add(rField, 'reminders need a timeLimit');
  const limitSeconds = limit ? fixedSeconds(limit.d) : null;
  const seen = new Set<string>();
  reminders.forEach((r: unknown, i) => {
    const f = `${rField}[${i}]`;
    const d = duration(r, f, p, limit?.unit);
    if (!d) return;
    if (seen.has(r as string)) p.add(f, `duplicate reminder "${String(r)}"`);
    seen.add(r as string);
    const s = fixedSeconds(d);
    // Only comparable when neither side has years or months (whose length depends on the calendar).
    if (limitSeconds !== null && s !== null && s >= limitSeconds) {
      p.add(f, `must be shorter than the time limit (${String(r)} is not less than ${String((cfg['timeLimit'] as Obj)['duration'])})`);
    }
  });
}

function stages(value: unknown, p: Problems): void {
  if (!isObj(value)) return p.add('stages', 'must be an object');
  for (const [stage, cfg] of Object.entries(value)) {
    if (!(TIMED_STAGES as readonly string[]).includes(stage)) {
      p.add(`stages.${stage}`, `unknown stage "${stage}"; allowed: ${TIMED_STAGES.join(', ')}`);
    } else stageConfig(stage, cfg, p);
  }
}

/** Returns the rubric maximum (sum of maxima) when the rubric is usable, else null. */
function rubric(value: unknown, p: Problems): number | null {
  if (!Array.isArray(value)) {
    p.add('rubric', 'must be an array of criteria');
    return null;
  }
  if (value.length === 0) {
    p.add('rubric', 'needs at least one criterion');
    return null;
  }
  const ids = new Set<string>();
  let total = 0;
  let usable = true;
  value.forEach((c: unknown, i) => {
    const field = `rubric[${i}]`;
    const crit = object(c, field, CRITERION_FIELDS, p);
    if (!crit) return void (usable = false);
    text(crit['id'], `${field}.id`, p);
    if (typeof crit['id'] === 'string') {
      if (ids.has(crit['id'])) p.add(`${field}.id`, `duplicate criterion id "${crit['id']}"`);
      ids.add(crit['id']);
    }
    text(crit['name'], `${field}.name`, p);
    const max = crit['max'];
    if (typeof max !== 'number' || !Number.isFinite(max) || max <= 0) {
      p.add(`${field}.max`, 'must be a number greater than 0');
      usable = false;
    } else total += max;
  });
  return usable ? total : null;
}

function threshold(value: unknown, field: string, rubricMax: number | null, p: Problems): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) return p.add(field, 'must be a number');
  if (value < 0) p.add(field, 'must be at least 0');
  if (rubricMax !== null && value > rubricMax) p.add(field, `must not exceed the rubric maximum ${rubricMax}`);
}

function panel(value: unknown, p: Problems): void {
  const o = object(value, 'panel', PANEL_FIELDS, p);
  if (!o) return;
  integer(o['size'], 'panel.size', MIN_PANEL_SIZE, p);
  if (o['aggregation'] !== 'mean' && o['aggregation'] !== 'trimmedMean') {
    p.add('panel.aggregation', 'must be "mean" or "trimmedMean"');
  }
}

function monitoring(value: unknown, p: Problems): void {
  const o = object(value, 'monitoring', MONITORING_FIELDS, p);
  if (!o) return;
  duration(o['reportEvery'], 'monitoring.reportEvery', p);
  if (o['reportGrace'] !== undefined) duration(o['reportGrace'], 'monitoring.reportGrace', p);
  const ratings = o['ratings'];
  if (!Array.isArray(ratings) || ratings.length === 0) {
    p.add('monitoring.ratings', `must be a non-empty list drawn from ${RATINGS.join(', ')}`);
  } else {
    ratings.forEach((r: unknown, i) => {
      if (!(RATINGS as readonly unknown[]).includes(r)) p.add(`monitoring.ratings[${i}]`, `unknown rating "${String(r)}"`);
      else if (ratings.indexOf(r) !== i) p.add(`monitoring.ratings[${i}]`, `duplicate rating "${String(r)}"`);
    });
  }
  integer(o['missedReportsAsFail'], 'monitoring.missedReportsAsFail', 1, p);
  integer(o['rectificationRounds'], 'monitoring.rectificationRounds', 0, p);
}

function timeZone(value: unknown, p: Problems): void {
  if (typeof value !== 'string' || value === '') return p.add('timeZone', 'must be an IANA time zone name');
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    p.add('timeZone', `"${value}" is not a known IANA time zone`);
  }
}

export function validateDefinition(input: unknown): DefinitionValidation {
  const p = new Problems();
  const def = object(input, '', TOP_LEVEL, p);
  if (!def) return { ok: false, errors: [{ field: '', messages: ['a workflow definition must be an object'] }] };
  for (const k of TOP_LEVEL) if (!(OPTIONAL_TOP_LEVEL as readonly string[]).includes(k) && def[k] === undefined) p.add(k, 'is required');

  if (def['key'] !== undefined && (typeof def['key'] !== 'string' || !KEY_PATTERN.test(def['key']))) {
    p.add('key', 'must be 2–64 characters of a-z, 0-9 and "-", starting with a letter or digit');
  }
  if (def['version'] !== undefined) integer(def['version'], 'version', 1, p);
  if (def['name'] !== undefined) text(def['name'], 'name', p);
  if (def['stages'] !== undefined) stages(def['stages'], p);
  if (def['panel'] !== undefined) panel(def['panel'], p);
  const rubricMax = def['rubric'] !== undefined ? rubric(def['rubric'], p) : null;
  if (def['passThreshold'] !== undefined) threshold(def['passThreshold'], 'passThreshold', rubricMax, p);
  if (def['defensePassThreshold'] !== undefined) {
    threshold(def['defensePassThreshold'], 'defensePassThreshold', rubricMax, p);
  }
  if (def['publicity'] !== undefined) durationSpec(def['publicity'], 'publicity', p);
  if (def['monitoring'] !== undefined) monitoring(def['monitoring'], p);
  if (def['recusal'] !== undefined) {
    const r = object(def['recusal'], 'recusal', RECUSAL_FIELDS, p);
    if (r) {
      boolean(r['homeCity'], 'recusal.homeCity', p);
      boolean(r['employer'], 'recusal.employer', p);
    }
  }
  if (def['timeZone'] !== undefined) timeZone(def['timeZone'], p);

  if (!p.empty) return { ok: false, errors: p.list() };
  return { ok: true, definition: structuredClone(def) as unknown as WorkflowDefinition };
}
