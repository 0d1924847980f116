import { runAppend } from '../append-core';
import type { ChainedRow } from '../hash-chain';
import type { StoredRow } from '../stored-row';
import { ChainAuditor } from './auditor';
import type { Finding } from './auditor';

/** A small log built by the real append algorithm: streams a and b interleaved, 4 events each. */
function log(): StoredRow[] {
  const rows: StoredRow[] = [];
  const target = {
    findById: () => undefined,
    streamHead: (stream: string) => {
      const last = rows.filter((r) => r.stream === stream).pop();
      return last ? { revision: last.revision, hash: (JSON.parse(last.metadata) as { hash: string }).hash } : undefined;
    },
    insert: (row: ChainedRow) => rows.push({ ...row, position: rows.length + 1 }),
    headPosition: () => rows.length,
  };
  const meta = { actor: 'u', role: 'admin', at: '2026-01-01T00:00:00Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 };
  for (let i = 0; i < 8; i++) {
    const stream = i % 2 ? 'b' : 'a';
    runAppend(target, [{ stream, expectedRevision: 'any', events: [{ id: `e${i}`, type: 'T', data: { i }, metadata: meta }] }]);
  }
  return rows;
}

function verified(rows: StoredRow[]): ChainAuditor {
  const auditor = new ChainAuditor('sha256');
  for (const row of rows) expect(auditor.verifyNext(row, () => false)).toEqual([]);
  return auditor;
}

/**
 * A sweep that keeps every stream's head, or (as the API runs it) one that keeps a single head and reads the others
 * again from the log: both must find the same.
 */
let bounded = false;
const sweepOf = (auditor: ChainAuditor, rows: StoredRow[]) =>
  bounded ? auditor.sweep((stream, before) => rows.filter((r) => r.stream === stream && r.position < before).pop(), 1) : auditor.sweep();
const sweep = (auditor: ChainAuditor, rows: StoredRow[]): Finding[] => {
  const s = sweepOf(auditor, rows);
  // In two feeds, as the API reads the log in chunks.
  s.feed(rows.slice(0, 3));
  s.feed(rows.slice(3));
  return s.finish();
};
const brief = (findings: Finding[]) => findings.map((f) => `${f.kind}@${f.stream}:${f.position}`);

/** Rewrites a stream's chain from `from` on over changed rows, as someone with the file and the algorithm could. */
function recompute(rows: StoredRow[], stream: string): StoredRow[] {
  const { eventHash, canonicalJson } = jest.requireActual<typeof import('../hash-chain')>('../hash-chain');
  let prev = '0'.repeat(64);
  return rows.map((r) => {
    if (r.stream !== stream) return r;
    const m = JSON.parse(r.metadata) as Record<string, unknown>;
    const { hash: _h, prevHash: _p, ...rest } = m;
    const hash = eventHash(prev, { ...r, dataJson: r.data, metadataJson: canonicalJson(rest) });
    const row = { ...r, metadata: canonicalJson({ ...rest, prevHash: prev, hash }) };
    prev = hash;
    return row;
  });
}

describe.each([false, true])('ChainAuditor (a sweep keeping a bounded number of stream heads: %s)', (keepFew) => {
  beforeAll(() => (bounded = keepFew));

  it('passes an untouched log, incrementally and in a sweep', () => {
    const rows = log();
    const auditor = verified(rows);
    expect(auditor.position).toBe(8);
    expect(auditor.verified.head('b', 9)).toMatchObject({ revision: 3, position: 8 });
    expect(sweep(auditor, rows)).toEqual([]);
  });

  it('names the stream and position of changed data and changed metadata', () => {
    const rows = log();
    const auditor = verified(rows);
    const data = rows.map((r) => (r.position === 3 ? { ...r, data: '{"i":99}' } : r));
    // The stored hashes still link, so only the changed event itself is named.
    expect(brief(sweep(auditor, data))).toEqual(['changed@a:3']);
    const meta = rows.map((r) => (r.position === 4 ? { ...r, metadata: r.metadata.replace('"actor":"u"', '"actor":"x"') } : r));
    expect(brief(sweep(auditor, meta))).toEqual(['changed@b:4']);
    // Incrementally too: a changed event appended after the verified position.
    const fresh = new ChainAuditor('sha256');
    const found = data.flatMap((r) => fresh.verifyNext(r, () => false));
    expect(brief(found)[0]).toBe('changed@a:3');
  });

  it('catches a recomputed chain by the verified tree', () => {
    const rows = log();
    const auditor = verified(rows);
    const rewritten = recompute(rows.map((r) => (r.position === 5 ? { ...r, data: '{"i":42}' } : r)), 'a');
    expect(brief(sweep(auditor, rewritten))).toEqual(['rewritten@a:5', 'rewritten@a:7']);
  });

  it('catches a deleted tail event of the log and of a stream', () => {
    const rows = log();
    const auditor = verified(rows);
    expect(brief(sweep(auditor, rows.slice(0, 7)))).toEqual(['missingTail@b:8']);
    expect(brief(sweep(auditor, rows.filter((r) => r.position !== 7)))).toEqual(['positionGap@a:7', 'missingTail@a:7']);
  });

  it('catches a deleted middle event and a swapped order', () => {
    const rows = log();
    const auditor = verified(rows);
    expect(brief(sweep(auditor, rows.filter((r) => r.position !== 3)))).toEqual(['positionGap@a:3', 'revisionGap@a:5']);
    const swapped = rows.map((r) => (r.position === 3 ? { ...rows[4], position: 3 } : r.position === 5 ? { ...rows[2], position: 5 } : r));
    expect(brief(sweep(auditor, swapped))).toEqual(['revisionGap@a:3', 'reordered@a:5', 'revisionGap@a:7']);
  });

  it("catches a stream's old event copied over a later position: its verified head is then not its last event", () => {
    const rows = log();
    const auditor = verified(rows);
    const copied = rows.map((r) => (r.position === 8 ? { ...rows[2], position: 8 } : r));
    expect(brief(sweep(auditor, copied))).toEqual(['reordered@a:8', 'missingTail@a:7', 'missingTail@b:8']);
  });

  it('judges only the log as verified when the sweep began (events verified meanwhile are not missing)', () => {
    const rows = log();
    const auditor = verified(rows.slice(0, 6));
    const s = sweepOf(auditor, rows);
    s.feed(rows.slice(0, 6));
    for (const row of rows.slice(6)) expect(auditor.verifyNext(row, () => false)).toEqual([]);
    expect(s.finish()).toEqual([]);
  });

  it('reports a gap and a revision gap among new events', () => {
    const rows = log();
    const auditor = new ChainAuditor('sha256');
    const found = rows.filter((r) => r.position !== 3).flatMap((r) => auditor.verifyNext(r, () => false));
    // Never verified, the deleted event's stream is unknown; its stream's next event names it.
    expect(brief(found)).toEqual(['positionGap@:3', 'revisionGap@a:5']);
    expect(auditor.tree.size).toBe(8);
  });
});
