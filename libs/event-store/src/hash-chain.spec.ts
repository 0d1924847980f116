import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { GENESIS_HASH, canonicalJson, eventHash, verifyChain } from './hash-chain';

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: '申报' } })).toBe('{"a":{"c":"申报","d":[3,{"e":2,"f":1}]},"b":1}');
  });

  it('follows JSON.stringify for undefined, non-finite numbers, dates and nulls', () => {
    const date = new Date('2026-03-01T00:00:00Z');
    expect(canonicalJson({ u: undefined, n: NaN, list: [undefined, Infinity], at: date, z: null, neg: -0 })).toBe(
      '{"at":"2026-03-01T00:00:00.000Z","list":[null,null],"n":null,"neg":0,"z":null}',
    );
    expect(() => canonicalJson(10n)).toThrow('bigint');
    expect(() => canonicalJson(undefined)).toThrow('not JSON');
  });

  /** The plain definition (sort every object's keys with Array#sort, join), which stored hash chains were made with. */
  function reference(value: unknown): string | undefined {
    if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') return reference((value as { toJSON: () => unknown }).toJSON());
    if (Array.isArray(value)) return `[${value.map((v) => reference(v) ?? 'null').join(',')}]`;
    if (value !== null && typeof value === 'object') {
      const members = Object.keys(value).sort().flatMap((k) => {
        const text = reference((value as Record<string, unknown>)[k]);
        return text === undefined ? [] : [`${JSON.stringify(k)}:${text}`];
      });
      return `{${members.join(',')}}`;
    }
    return JSON.stringify(value);
  }

  it('gives exactly the text of the plain definition: small and large objects, numeric, unicode and repeated keys', () => {
    const key = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 4 }), fc.nat(200).map(String), fc.constantFrom('a', 'b', '10', '2', 'é', '\u{1F600}'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 60 }),
    })).value;
    fc.assert(fc.property(json, (value) => expect(canonicalJson(value)).toBe(reference(value))), { numRuns: 300 });
    // Beyond the insertion sort's size, with keys whose code-unit order differs from alphabetical (upper before lower
    // case, accents and astral characters last).
    const wideKey = fc.oneof(key, fc.constantFrom('B', 'a', 'Z', 'é', 'e', '\u{1F600}', '\uFFFD'));
    fc.assert(fc.property(fc.dictionary(wideKey, fc.nat(), { minKeys: 33, maxKeys: 120 }), (wide) => expect(canonicalJson(wide)).toBe(reference(wide))), { numRuns: 100 });
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`${String.fromCharCode(65 + ((i * 7919) % 58))}${i}`, i]));
    expect(canonicalJson(many)).toBe(reference(many));
  });

  it('is stable through a JSON round trip, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('eventHash', () => {
  it('is SHA-256 of prevHash + canonical {id, stream, revision, type, data, metadata}', () => {
    const event = { id: 'e-1', stream: 'case-1', revision: 0, type: 'Submitted', data: { x: 1 }, metadata: { actor: 'u' } };
    const expected = createHash('sha256')
      .update(GENESIS_HASH + canonicalJson(event))
      .digest('hex');
    const input = { ...event, dataJson: canonicalJson(event.data), metadataJson: canonicalJson(event.metadata) };
    expect(eventHash(GENESIS_HASH, input)).toBe(expected);
  });
});

describe('verifyChain', () => {
  const row = (revision: number, prevHash: string, data = '{"x":1}') => {
    const base = { id: `e-${revision}`, stream: 's', revision, type: 'T', data };
    const metadataJson = '{"schemaVersion":1}';
    const hash = eventHash(prevHash, { ...base, dataJson: data, metadataJson });
    return { ...base, metadata: JSON.stringify({ schemaVersion: 1, prevHash, hash }), hash };
  };

  it('reports a gap, a broken link and unreadable JSON at the revision where they occur', () => {
    const first = row(0, GENESIS_HASH);
    const second = row(1, first.hash);
    expect(verifyChain([first, second])).toEqual({ ok: true, checked: 2 });
    expect(verifyChain([first, row(2, first.hash)])).toMatchObject({ ok: false, brokenAt: 1, reason: expect.stringMatching(/revision 2/) });
    expect(verifyChain([first, row(1, GENESIS_HASH)])).toMatchObject({ ok: false, brokenAt: 1, reason: expect.stringMatching(/prevHash/) });
    expect(verifyChain([{ ...first, data: '{"x":' }])).toMatchObject({ ok: false, brokenAt: 0, reason: expect.stringMatching(/JSON/) });
  });
});
