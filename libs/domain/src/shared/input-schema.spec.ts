import { boolean, integer, list, map, number, object, oneOf, optional, text, validateInput } from './input-schema';
import { inputJsonSchema } from './input-schema.openapi';

const person = object('PersonDto', { name: text(20), mobile: optional(text(11, { blankOk: true })) }, { description: 'Who' });
const schema = object('ThingDto', {
  title: text(5),
  on: text(10, { format: 'date' }),
  kind: oneOf(['a', 'b']),
  copies: integer(1, 20),
  amount: optional(number({ min: 0, decimals: 2 })),
  done: optional(boolean()),
  tags: optional(list(text(3), 2)),
  scores: optional(map(number({ max: 10 }), 3)),
  who: optional(person),
  hash: optional(text(64, { format: 'sha256' })),
});
const valid = { title: '标题', on: '2019-03-01', kind: 'a', copies: 5 };

describe('validateInput', () => {
  it('accepts a conforming body, optional fields left out', () => {
    expect(validateInput(schema, valid)).toEqual([]);
    expect(validateInput(schema, { ...valid, amount: 0, done: false, tags: ['x'], scores: { q: 10 }, who: { name: '王', mobile: '' }, hash: 'a'.repeat(64) })).toEqual([]);
  });

  it('names every problem by its field path, with the rule it breaks', () => {
    expect(validateInput(schema, { title: '  ', on: '2019-02-30', kind: 'c', copies: 1.5, extra: 1, amount: -1, tags: ['long'], scores: { q: 11 }, who: { mobile: null } })).toEqual([
      { field: 'extra', messages: ['is not an allowed field'] },
      { field: 'title', messages: ['must not be blank'] },
      { field: 'on', messages: ['must be a date YYYY-MM-DD'] },
      { field: 'kind', messages: ['must be one of a, b'] },
      { field: 'copies', messages: ['must be a whole number'] },
      { field: 'amount', messages: ['must be at least 0'] },
      { field: 'tags[0]', messages: ['must be at most 3 characters (has 4)'] },
      { field: 'scores.q', messages: ['must be at most 10'] },
      { field: 'who.name', messages: ['is required'] },
      { field: 'who.mobile', messages: ['must not be null (leave the field out instead)'] },
    ]);
  });

  it('refuses missing, null and mistyped fields, and counts characters as a person does', () => {
    expect(validateInput(schema, {})).toEqual(['title', 'on', 'kind', 'copies'].map((field) => ({ field, messages: ['is required'] })));
    expect(validateInput(schema, { ...valid, title: null })).toEqual([{ field: 'title', messages: ['must not be null (leave the field out instead)'] }]);
    expect(validateInput(schema, { ...valid, title: 5, copies: '5', done: 'yes', who: [] })).toEqual([
      { field: 'title', messages: ['must be a string'] },
      { field: 'copies', messages: ['must be a finite number'] },
      { field: 'done', messages: ['must be true or false'] },
      { field: 'who', messages: ['must be an object'] },
    ]);
    expect(validateInput(schema, { ...valid, title: '申报书五字', amount: 0.1 + 0.2 })).toEqual([]);
    expect(validateInput(schema, { ...valid, copies: 21, hash: 'A'.repeat(64), amount: 0.125 })).toEqual([
      { field: 'copies', messages: ['must be at most 20'] },
      { field: 'amount', messages: ['must have at most 2 decimals'] },
      { field: 'hash', messages: ['must be a SHA-256 in 64 lowercase hex digits'] },
    ]);
  });

  it('refuses an over-long list or map by its size alone, and a body that is not an object', () => {
    expect(validateInput(schema, { ...valid, tags: [1, 2, 3] })).toEqual([{ field: 'tags', messages: ['must have at most 2 items (has 3)'] }]);
    expect(validateInput(schema, { ...valid, scores: { a: 1, b: 2, c: 3, d: 'x' } })).toEqual([{ field: 'scores', messages: ['must have at most 3 entries (has 4)'] }]);
    expect(validateInput(schema, [])).toEqual([{ field: 'body', messages: ['must be a JSON object'] }]);
    expect(validateInput(schema, null)).toEqual([{ field: 'body', messages: ['must be a JSON object'] }]);
  });
});

describe('inputJsonSchema', () => {
  it('references named objects as components and states the same limits', () => {
    const { body, components } = inputJsonSchema(schema);
    expect(body).toEqual({ $ref: '#/components/schemas/ThingDto' });
    expect(Object.keys(components).sort()).toEqual(['PersonDto', 'ThingDto']);
    const thing = components.ThingDto as { properties: Record<string, unknown>; required: string[]; additionalProperties: boolean };
    expect(thing.required).toEqual(['title', 'on', 'kind', 'copies']);
    expect(thing.additionalProperties).toBe(false);
    expect(thing.properties.title).toEqual({ type: 'string', minLength: 1, maxLength: 5 });
    expect(thing.properties.copies).toEqual({ type: 'integer', minimum: 1, maximum: 20 });
    expect(thing.properties.on).toMatchObject({ format: 'date' });
    expect(thing.properties.who).toEqual({ description: 'Who', allOf: [{ $ref: '#/components/schemas/PersonDto' }] });
    expect(components.PersonDto).toMatchObject({ required: ['name'], properties: { mobile: { type: 'string', maxLength: 11 } } });
  });
});
