import { parseIsoDuration, validateDefinition } from './definition.schema';
import { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';

type Json = Record<string, unknown>;
const base = (): Json => structuredClone(GD_BDPZ_2019) as unknown as Json;

/** The messages for `field`, failing the test when the definition was accepted. */
function errorsFor(input: unknown, field: string): string[] {
  const result = validateDefinition(input);
  if (result.ok) throw new Error(`expected ${field} to be rejected, but the definition was accepted`);
  return result.errors.find((e) => e.field === field)?.messages ?? [];
}

function fieldsOf(input: unknown): string[] {
  const result = validateDefinition(input);
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('parseIsoDuration', () => {
  it.each([
    ['P7D', { days: 7 }],
    ['PT2S', { seconds: 2 }],
    ['P6M', { months: 6 }],
    ['P2W', { weeks: 2 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
    ['PT15M', { minutes: 15 }],
  ])('reads %s', (s, parts) => {
    expect(parseIsoDuration(s)).toEqual({
      years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts,
    });
  });

  it.each(['7D', 'P', 'PT', 'P1.5.D', 'P1.5D', 'P7DT', 'p7d', 'P-1D', 'PT1D', 'P1H', ' P7D', ''])('rejects %j', (s) => {
    expect(parseIsoDuration(s)).toBeNull();
  });
});

describe('validateDefinition', () => {
  it('accepts the shipped gd-bdpz-2019 definition and returns a copy', () => {
    const result = validateDefinition(GD_BDPZ_2019);
    expect(result).toEqual({ ok: true, definition: GD_BDPZ_2019 });
    expect(result.ok && result.definition).not.toBe(GD_BDPZ_2019);
  });

  it('rejects a non-object', () => {
    expect(validateDefinition('nope')).toEqual({ ok: false, errors: [{ field: '', messages: [expect.any(String)] }] });
  });

  it('reports every missing required field', () => {
    expect(fieldsOf({})).toEqual([
      'key', 'version', 'name', 'stages', 'panel', 'rubric', 'passThreshold', 'publicity', 'monitoring', 'recusal', 'timeZone',
    ]);
  });

  it.each(['A-key', '-key', 'k', 'key_1', 'x'.repeat(65)])('rejects key %j', (key) => {
    expect(errorsFor({ ...base(), key }, 'key')).toHaveLength(1);
  });

  it.each([0, 1.5, '1', -2])('rejects version %j', (version) => {
    expect(errorsFor({ ...base(), version }, 'version')).toHaveLength(1);
  });

  it('rejects an unknown top-level field, naming it', () => {
    expect(errorsFor({ ...base(), quota: 5 }, 'quota')).toEqual(['unknown field "quota"']);
  });

  describe('stages', () => {
    const withStage = (stage: string, cfg: unknown): Json => ({ ...base(), stages: { ...(base()['stages'] as Json), [stage]: cfg } });

    it.each(['7D', 'P', 'PT', 'P1.5.D', 'P0D'])('rejects time limit duration %j', (duration) => {
      const input = withStage('cityAudit', { timeLimit: { duration, unit: 'calendar' } });
      expect(errorsFor(input, 'stages.cityAudit.timeLimit.duration')).toHaveLength(1);
    });

    it('rejects an unknown unit', () => {
      const input = withStage('cityAudit', { timeLimit: { duration: 'P5D', unit: 'business' } });
      expect(errorsFor(input, 'stages.cityAudit.timeLimit.unit')).toHaveLength(1);
    });

    it.each(['P2W', 'PT12H', 'P1M', 'P1DT2H'])('rejects working-day limit %j (whole days only)', (duration) => {
      const input = withStage('approval', { timeLimit: { duration, unit: 'working' } });
      expect(errorsFor(input, 'stages.approval.timeLimit.duration')[0]).toMatch(/whole days/);
    });

    it('accepts a calendar limit in weeks or hours', () => {
      expect(validateDefinition(withStage('approval', { timeLimit: { duration: 'P2W', unit: 'calendar' } })).ok).toBe(true);
      expect(validateDefinition(withStage('approval', { timeLimit: { duration: 'PT2S', unit: 'calendar' } })).ok).toBe(true);
    });

    it('rejects an unknown stage key, naming it', () => {
      expect(errorsFor(withStage('publicity', {}), 'stages.publicity')[0]).toMatch(/unknown stage "publicity"/);
      expect(errorsFor(withStage('review', {}), 'stages.review')[0]).toMatch(/"review"/);
    });

    it('allows enabled only on defense and siteVisit', () => {
      expect(errorsFor(withStage('cityAudit', { enabled: false }), 'stages.cityAudit.enabled')[0]).toMatch(/only defense and siteVisit/);
      expect(validateDefinition(withStage('defense', { enabled: false })).ok).toBe(true);
      expect(errorsFor(withStage('siteVisit', { enabled: 'no' }), 'stages.siteVisit.enabled')).toHaveLength(1);
    });

    it('rejects unknown fields inside a stage', () => {
      expect(errorsFor(withStage('draft', { limit: 'P1D' }), 'stages.draft.limit')).toEqual(['unknown field "limit"']);
    });

    it('requires reminders strictly shorter than a comparable limit', () => {
      const input = withStage('cityAudit', { timeLimit: { duration: 'P10D', unit: 'working' }, reminders: ['P3D', 'P10D', 'P12D'] });
      expect(fieldsOf(input)).toEqual(['stages.cityAudit.reminders[1]', 'stages.cityAudit.reminders[2]']);
      const weeks = withStage('approval', { timeLimit: { duration: 'P1W', unit: 'calendar' }, reminders: ['P7D'] });
      expect(errorsFor(weeks, 'stages.approval.reminders[0]')[0]).toMatch(/shorter than the time limit/);
    });

    it('does not compare month-based limits with day-based reminders', () => {
      const input = withStage('cultivation', { timeLimit: { duration: 'P1M', unit: 'calendar' }, reminders: ['P40D'] });
      expect(validateDefinition(input).ok).toBe(true);
    });

    it('rejects invalid, non-working or duplicate reminders and reminders without a limit', () => {
      const bad = withStage('cityAudit', { timeLimit: { duration: 'P10D', unit: 'working' }, reminders: ['3D', 'PT5H', 'P1D', 'P1D'] });
      expect(fieldsOf(bad)).toEqual(['stages.cityAudit.reminders[0]', 'stages.cityAudit.reminders[1]', 'stages.cityAudit.reminders[3]']);
      expect(errorsFor(withStage('draft', { reminders: ['P1D'] }), 'stages.draft.reminders')).toEqual(['reminders need a timeLimit']);
    });
  });

  describe('rubric and thresholds', () => {
    const rubric = (): Json[] => base()['rubric'] as Json[];

    it('rejects an empty rubric', () => {
      expect(errorsFor({ ...base(), rubric: [] }, 'rubric')).toHaveLength(1);
    });

    it('rejects duplicate ids and non-positive maxima', () => {
      const r = rubric();
      r[1] = { ...r[1], id: 'basis' };
      r[2] = { ...r[2], max: 0 };
      const input = { ...base(), rubric: r };
      expect(errorsFor(input, 'rubric[1].id')[0]).toMatch(/duplicate/);
      expect(errorsFor(input, 'rubric[2].max')).toHaveLength(1);
    });

    it('bounds passThreshold by 0 and the rubric maximum', () => {
      expect(errorsFor({ ...base(), passThreshold: 101 }, 'passThreshold')[0]).toMatch(/rubric maximum 100/);
      expect(errorsFor({ ...base(), passThreshold: -1 }, 'passThreshold')).toHaveLength(1);
      expect(validateDefinition({ ...base(), passThreshold: 100 }).ok).toBe(true);
    });

    it('bounds defensePassThreshold likewise when present', () => {
      expect(errorsFor({ ...base(), defensePassThreshold: 100.5 }, 'defensePassThreshold')).toHaveLength(1);
      expect(errorsFor({ ...base(), defensePassThreshold: -0.5 }, 'defensePassThreshold')).toHaveLength(1);
      expect(validateDefinition({ ...base(), defensePassThreshold: 60 }).ok).toBe(true);
    });
  });

  describe('panel, publicity, monitoring, recusal, time zone', () => {
    it.each([2, 3.5, '5'])('rejects panel size %j', (size) => {
      expect(errorsFor({ ...base(), panel: { size, aggregation: 'mean' } }, 'panel.size')).toHaveLength(1);
    });

    it('rejects an unknown aggregation', () => {
      expect(errorsFor({ ...base(), panel: { size: 5, aggregation: 'median' } }, 'panel.aggregation')).toHaveLength(1);
    });

    it('checks the publicity duration', () => {
      expect(errorsFor({ ...base(), publicity: { duration: '7D', unit: 'calendar' } }, 'publicity.duration')).toHaveLength(1);
      expect(errorsFor({ ...base(), publicity: { duration: 'P1W', unit: 'working' } }, 'publicity.duration')).toHaveLength(1);
    });

    const monitoring = (patch: Json): Json => ({ ...base(), monitoring: { ...(base()['monitoring'] as Json), ...patch } });

    it('checks the monitoring policy', () => {
      expect(errorsFor(monitoring({ reportEvery: 'P' }), 'monitoring.reportEvery')).toHaveLength(1);
      expect(errorsFor(monitoring({ reportGrace: '15 days' }), 'monitoring.reportGrace')).toHaveLength(1);
      expect(errorsFor(monitoring({ ratings: [] }), 'monitoring.ratings')).toHaveLength(1);
      expect(errorsFor(monitoring({ ratings: ['good', 'bad'] }), 'monitoring.ratings[1]')[0]).toMatch(/unknown rating "bad"/);
      expect(errorsFor(monitoring({ ratings: ['good', 'good'] }), 'monitoring.ratings[1]')[0]).toMatch(/duplicate/);
      expect(errorsFor(monitoring({ missedReportsAsFail: 0 }), 'monitoring.missedReportsAsFail')).toHaveLength(1);
      expect(errorsFor(monitoring({ rectificationRounds: -1 }), 'monitoring.rectificationRounds')).toHaveLength(1);
      expect(validateDefinition(monitoring({ ratings: ['pass', 'fail'], rectificationRounds: 0 })).ok).toBe(true);
    });

    it('requires recusal booleans', () => {
      expect(errorsFor({ ...base(), recusal: { homeCity: 'yes', employer: true } }, 'recusal.homeCity')).toHaveLength(1);
      expect(errorsFor({ ...base(), recusal: { homeCity: true } }, 'recusal.employer')).toHaveLength(1);
    });

    it('requires a known IANA time zone', () => {
      expect(errorsFor({ ...base(), timeZone: 'Mars/Olympus' }, 'timeZone')[0]).toMatch(/Mars\/Olympus/);
      expect(validateDefinition({ ...base(), timeZone: 'Europe/Berlin' }).ok).toBe(true);
    });
  });

  it('reports several problems at once, each under its own field', () => {
    const input = { ...base(), version: 0, panel: { size: 1, aggregation: 'mean' }, timeZone: 'Nowhere' };
    expect(fieldsOf(input)).toEqual(['version', 'panel.size', 'timeZone']);
  });
});
