/**
 * fast-check arbitraries for the HTTP fuzz suite: plausible values built from the OpenAPI schemas of the DTOs (so
 * a request often gets past validation into the deciders), hostile values spliced into them, raw bodies that are
 * not JSON or not the JSON a route expects, and hostile path segments, query values and headers.
 */
import fc from 'fast-check';

export interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  example?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
}

/** Strings a real request would hold: dates, months, instants, codes, ids (the suite adds the ids it made). */
const PLAUSIBLE = [
  '2019-03-01', '2019-07-15', '2019-05', '2020-12', '2019-06-10T09:00:00+08:00', '2019H2', 'P7D', 'PT2S',
  '440100', '440106', '440300', 'T1', 'T8', 'basis', 'plan', 'pass', 'return', 'reject', 'fail', 'defer',
  '13800138000', 'bigdata@example.gov.cn', '广州市天河区人民政府', '同意', 'gd-bdpz-2019',
];

const nested = (depth: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < depth; i += 1) value = i % 2 ? { a: value } : [value];
  return value;
};

/** A value no field expects: wrong types, edge numbers, odd text, empty and over-long lists, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 2, 0.1 + 0.2, '', ' ', '\u0000', '\ud800', '𠮷😀', '<script>alert(1)</script>',
    '../../etc/passwd', '2019-02-30', '2019-13', '9999-99-99T99:99:99Z', 'P-1D', 'P99999999999D', 'NaN', '1e999', '12', 'true',
    [], [null], [[]], {}, { '': 1 }, '长'.repeat(6000), 'x'.repeat(60_000),
  ),
  fc.constantFrom(31, 32, 40).map((d) => nested(d, 1)),
  fc.constantFrom(21, 51, 101, 201, 501, 1000, 1001).map((n) => Array.from({ length: n }, () => ({}))),
  fc.constant(JSON.parse('{"__proto__":{"isAdmin":true}}') as unknown),
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 3 }),
);

export class SchemaArbitraries {
  /**
   * @param strings strings any field may get (ids that exist)
   * @param byName values for the fields of that name, or for the items of a list of that name (`expertIds`)
   */
  constructor(
    private readonly components: Record<string, Schema>,
    private readonly strings: string[],
    private readonly byName: Record<string, unknown[]> = {},
  ) {}

  /** A value of the schema, often its example, sometimes of the wrong type deeper down. */
  value(schema: Schema | undefined, depth = 0, name = ''): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (!s || depth > 6) return fc.jsonValue({ maxDepth: 2 });
    const named = this.byName[name];
    if (named && named.length > 0) {
      const one = fc.constantFrom(...named);
      const hinted = s.type === 'array' ? fc.uniqueArray(one, { minLength: 1, maxLength: named.length }) : one;
      return fc.oneof({ weight: 3, arbitrary: hinted }, { weight: 1, arbitrary: this.typed(s, depth) });
    }
    if (s.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...s.enum) }, { weight: 1, arbitrary: this.scalar('string') });
    const typed = this.typed(s, depth);
    return s.example === undefined ? typed : fc.oneof({ weight: 2, arbitrary: fc.constant(s.example) }, { weight: 3, arbitrary: typed });
  }

  private typed(s: Schema, depth: number): fc.Arbitrary<unknown> {
    if (s.type === 'array') return fc.array(this.value(s.items, depth + 1), { maxLength: 4 });
    if (s.type === 'object' || s.properties || s.additionalProperties) return this.object(s, depth);
    return this.scalar(s.type);
  }

  private object(s: Schema, depth: number): fc.Arbitrary<unknown> {
    const props = s.properties ?? {};
    const members = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, this.value(v, depth + 1, k)]));
    // Now and then a required field is missing.
    const record = fc.oneof(
      { weight: 4, arbitrary: fc.record(members, { requiredKeys: (s.required ?? []).filter((k) => k in props) }) },
      { weight: 1, arbitrary: fc.record(members, { requiredKeys: [] }) },
    );
    if (!s.additionalProperties) return record;
    const member = typeof s.additionalProperties === 'object' ? this.value(s.additionalProperties, depth + 1) : fc.jsonValue({ maxDepth: 2 });
    const extra = fc.dictionary(fc.oneof(fc.constantFrom(...PLAUSIBLE), fc.string({ maxLength: 8 })), member, { maxKeys: 6 });
    return fc.tuple(record, extra).map(([r, e]) => ({ ...e, ...r }));
  }

  scalar(type: string | undefined): fc.Arbitrary<unknown> {
    switch (type) {
      case 'number':
      case 'integer':
        return fc.oneof(fc.integer({ min: -2, max: 120 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
      case 'boolean':
        return fc.boolean();
      default:
        return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...PLAUSIBLE, ...this.strings) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
    }
  }

  private resolve(schema: Schema | undefined): Schema | undefined {
    if (!schema?.$ref) return schema;
    return this.components[schema.$ref.replace('#/components/schemas/', '')];
  }
}

/** The slots of a JSON value (parent and key), depth first, for mutations to pick from. */
function slotsOf(value: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] {
  if (typeof value !== 'object' || value === null) return out;
  for (const key of Object.keys(value)) {
    out.push([value as Record<string, unknown>, key]);
    slotsOf((value as Record<string, unknown>)[key], out);
  }
  return out;
}

type Edit = [number, unknown, 'replace' | 'delete' | 'add'];

/** The value with 1–3 of its fields replaced by hostile values, removed, or joined by an unknown one. */
export function mutated(base: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const edit = fc.tuple(fc.nat(), hostileValue, fc.constantFrom('replace', 'delete', 'add')) as fc.Arbitrary<Edit>;
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([value, edits]) => {
    let root = structuredClone(value);
    for (const [n, shared, kind] of edits) {
      // The constants are shared between runs: never edit one in place.
      const hostile = structuredClone(shared);
      const slots = slotsOf(root);
      if (slots.length === 0) {
        root = hostile;
        continue;
      }
      const [parent, key] = slots[n % slots.length];
      if (kind === 'replace') parent[key] = hostile;
      else if (kind === 'delete') delete parent[key];
      else parent[`unexpected${n % 7}`] = hostile;
    }
    return root;
  });
}

/** Bodies that are not JSON at all, or JSON of the wrong kind, sent as raw bytes. */
export const rawBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom<string | Buffer>(
    '{', '{"a":', '[1,]', 'nul', '{"a":1}}', '"\\ud800"', '\u0000', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{"x":1}}}',
    '['.repeat(40), '{"a":'.repeat(40), '1', '"text"', 'null', 'true', '[]', '[{}]', '\ufeff{}', '{"a":1,"a":2}', ' ', '{}',
    `{"a":${'['.repeat(33)}${']'.repeat(33)}}`, Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x3a, 0x31, 0x7d]),
  ),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
);

export const contentType = fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'Application/JSON', 'application/json; charset=latin1', 'text/plain',
  'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/xml', 'application/vnd.api+json', 'garbage', '*/*',
);

/** Path segments that name nothing or are not ids at all (already URL-encoded, or deliberately not). */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'nope', '0', '-1', '1.5', '1e999', '99999999999999999999', '00000000-0000-0000-0000-000000000000', '%00', '%zz', '%2e%2e%2f',
    '__proto__', 'constructor', 'toString', 'null', '%E4%B8%AD%E6%96%87', 'a'.repeat(500), '%20', 'case-1:x', '',
  ),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);

const base64url = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

/** Query values: numbers in and out of range, non-numbers, odd instants, cursors the lists never issued, odd text. */
export const hostileQueryValue = fc.constantFrom(
  '', '0', '-1', '1.5', '201', 'abc', '1e3', 'true', 'yes', '\u0000', '2019-13-01', '[]', 'x'.repeat(2000),
  '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z', '2019-03-01T00:00:00+99:99', '2019-03-01T24:00:00Z', '2019-03-01 08:00',
  base64url('{"k":1}'), base64url('{"k":""}'), base64url('{"k":"\\u0000"}'), base64url('{"k":"zzzz|9999"}'), base64url('null'), base64url('[]'),
  base64url(`{"k":"${'9'.repeat(900)}"}`), '!!!', '====',
);

/** Authorization headers that are not a valid token of a user. */
export const badAuthorization = fc.constantFrom(
  'Bearer not.a.token', 'Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', 'bearer x', `Bearer ${'a'.repeat(5000)}`,
  `Bearer ${base64url('{"alg":"none","typ":"JWT"}')}.${base64url('{"sub":"admin","role":"admin"}')}.`,
  `Bearer ${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url('{"sub":"admin","role":"admin","exp":1}')}.c2ln`,
  `Bearer ${base64url('{"alg":"HS256"}')}.${base64url('[]')}.x`, 'Bearer a.b.c.d',
);

/** Mostly left out (`undefined`), so that a bad header does not hide every other problem of the request. */
const header = (values: string[]): fc.Arbitrary<string | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(...values) });

/** Header values Node can send (visible ASCII and Latin-1). */
export const ifMatch = header(['"0"', '"1"', '"2"', '1', '*', '', 'W/"1"', '"-1"', '"1.5"', '"99999999999999999999"', 'abc', '"1", "2"']);
export const idempotencyKey = header(['fuzz-k1', 'fuzz-k2', 'fuzz-k3', 'fuzz-k1', 'fuzz-k2', '', ' ', 'x'.repeat(256), 'clé', 'a b', '\t']);
