import { schemaMismatches } from '../../test/support/schema-conformance';
import type { SchemaLike } from '../../test/support/schema-conformance';
import { workflowDefinitionJsonSchema } from './definition.json-schema';
import { TOP_LEVEL, validateDefinition } from './definition.schema';
import { GD_BDPZ_2019 } from './definitions/gd-bdpz-2019';

const schema = workflowDefinitionJsonSchema() as SchemaLike;
const mismatches = (value: unknown): string[] => schemaMismatches(schema, value);

describe('workflowDefinitionJsonSchema', () => {
  it('describes every top-level field the validator accepts, and no other', () => {
    const properties = schema.properties as Record<string, unknown>;
    expect(Object.keys(properties).sort()).toEqual([...TOP_LEVEL].sort());
    expect(Object.values(properties).every((p) => p !== undefined)).toBe(true);
  });

  it('accepts the shipped definition, which the validator accepts', () => {
    expect(validateDefinition(GD_BDPZ_2019).ok).toBe(true);
    expect(mismatches(GD_BDPZ_2019)).toEqual([]);
  });

  it('refuses what the validator refuses for its shape: unknown fields, missing fields, wrong enums', () => {
    const cases: [string, unknown][] = [
      ['$.stages.publicity', { ...GD_BDPZ_2019, stages: { ...GD_BDPZ_2019.stages, publicity: {} } }],
      ['$.panel.aggregation', { ...GD_BDPZ_2019, panel: { size: 5, aggregation: 'median' } }],
      ['$.monitoring.ratings[0]', { ...GD_BDPZ_2019, monitoring: { ...GD_BDPZ_2019.monitoring, ratings: ['great'] } }],
      ['$.publicity.duration', { ...GD_BDPZ_2019, publicity: { duration: '5 days', unit: 'calendar' } }],
      ['$.timeZone', { ...GD_BDPZ_2019, timeZone: undefined }],
      ['$.stages.cityAudit.enabled', { ...GD_BDPZ_2019, stages: { ...GD_BDPZ_2019.stages, cityAudit: { enabled: false } } }],
    ];
    for (const [field, definition] of cases) {
      const plain = JSON.parse(JSON.stringify(definition)) as unknown;
      expect(validateDefinition(plain).ok).toBe(false);
      expect(mismatches(plain).join('\n')).toContain(field);
    }
  });

  it('leaves key and version to the path when publishing', () => {
    const { key: _key, version: _version, ...body } = GD_BDPZ_2019;
    expect(mismatches(body).sort()).toEqual(['$.key: missing', '$.version: missing']);
    expect(schemaMismatches(workflowDefinitionJsonSchema({ forPublishing: true }) as SchemaLike, body)).toEqual([]);
  });
});
