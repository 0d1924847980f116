/**
 * The workflow definition as a JSON Schema (the OpenAPI 3.0 dialect), for the API's documentation. It is built from
 * the field lists validateDefinition (definition.schema.ts) checks against, so a field added there appears here; the
 * rules that a schema cannot say (reminders shorter than the limit, thresholds within the rubric maximum, known
 * time zones, whole days for working-day durations) are in the descriptions and enforced by the validator.
 */
import {
  AGGREGATIONS, CRITERION_FIELDS, DURATION_SPEC_FIELDS, DURATION_UNITS, KEY_PATTERN, MIN_PANEL_SIZE, MONITORING_FIELDS,
  OPTIONAL_MONITORING_FIELDS, OPTIONAL_TOP_LEVEL, PANEL_FIELDS, RECUSAL_FIELDS, STAGE_FIELDS, SWITCHABLE, TOP_LEVEL,
} from './definition.schema';
import { RATINGS, TIMED_STAGES } from './definition.types';

export interface JsonSchema {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: boolean;
  minItems?: number;
  uniqueItems?: boolean;
  example?: unknown;
}

const ISO_DURATION = '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';
const duration = (description: string): JsonSchema => ({ type: 'string', pattern: ISO_DURATION, description, example: 'P10D' });

/** A closed object over `fields`, all required but `optional`. */
function closed(fields: readonly string[], describe: (field: string) => JsonSchema, optional: readonly string[] = [], description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: Object.fromEntries(fields.map((f) => [f, describe(f)])),
    required: fields.filter((f) => !optional.includes(f)),
    additionalProperties: false,
  };
}

const durationSpec = (description: string): JsonSchema =>
  closed(DURATION_SPEC_FIELDS, (f) =>
    f === 'unit'
      ? { type: 'string', enum: [...DURATION_UNITS], description: 'working: official PRC working days (whole days only)' }
      : duration('ISO 8601, longer than zero'),
  [], description);

function stageConfig(stage: string): JsonSchema {
  const fields = STAGE_FIELDS.filter((f) => f !== 'enabled' || (SWITCHABLE as readonly string[]).includes(stage));
  const describe = (f: string): JsonSchema => {
    if (f === 'enabled') return { type: 'boolean', description: 'false removes the stage from the lifecycle (default true)' };
    if (f === 'timeLimit') return durationSpec('The time limit of one entry into the stage');
    if (f === 'reminders') return { type: 'array', items: duration('before the due time'), uniqueItems: true, description: 'Reminders before the due time, each shorter than the limit; need a timeLimit' };
    return { type: 'boolean', description: 'A return for revision starts a fresh limit (default true)' };
  };
  return closed(fields, describe, fields);
}

const TOP: Record<string, JsonSchema> = {
  key: { type: 'string', pattern: KEY_PATTERN.source, description: 'The workflow key (defaults to the path key when publishing)' },
  version: { type: 'integer', minimum: 1, description: 'Versions are published in sequence (defaults to the next one)' },
  name: { type: 'string', description: 'A non-empty name' },
  stages: closed(TIMED_STAGES, stageConfig, TIMED_STAGES, 'Per-stage settings; only defense and siteVisit can be switched off'),
  panel: closed(PANEL_FIELDS, (f) =>
    f === 'size' ? { type: 'integer', minimum: MIN_PANEL_SIZE } : { type: 'string', enum: [...AGGREGATIONS] }),
  rubric: {
    type: 'array',
    minItems: 1,
    description: 'Scoring criteria with distinct ids; their maxima sum to the rubric maximum',
    items: closed(CRITERION_FIELDS, (f) => (f === 'max' ? { type: 'number', minimum: 0, exclusiveMinimum: true } : { type: 'string' })),
  },
  passThreshold: { type: 'number', minimum: 0, description: 'Aggregated expert score needed to pass, at most the rubric maximum' },
  defensePassThreshold: { type: 'number', minimum: 0, description: 'Pass mark of a defense score, at most the rubric maximum' },
  publicity: durationSpec('How long publicity lasts'),
  monitoring: closed(MONITORING_FIELDS, (f) => {
    if (f === 'reportEvery') return duration('Report cadence (P6M: half-yearly)');
    if (f === 'reportGrace') return duration('Grace after a report falls due before it counts as missed');
    if (f === 'ratings') return { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...RATINGS] }, description: 'Allowed ratings, best first' };
    return { type: 'integer', minimum: f === 'missedReportsAsFail' ? 1 : 0 };
  }, OPTIONAL_MONITORING_FIELDS),
  recusal: closed(RECUSAL_FIELDS, () => ({ type: 'boolean' }), [], 'Conflict-of-interest rules (回避)'),
  timeZone: { type: 'string', description: 'IANA time zone that dates are read in', example: 'Asia/Shanghai' },
};

/**
 * The definition as stored and served; `forPublishing` leaves `key` and `version` optional, as the body of
 * `POST /workflows/:key/versions` may.
 */
export function workflowDefinitionJsonSchema(opts: { forPublishing?: boolean } = {}): JsonSchema {
  const optional = [...OPTIONAL_TOP_LEVEL, ...(opts.forPublishing ? ['key', 'version'] : [])];
  return closed(TOP_LEVEL, (f) => TOP[f]!, optional, 'A workflow definition: versioned, immutable data that configures the case lifecycle');
}
