import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { MISSING_LEAF, leafHash, verifyInclusion } from '@shenbao/event-store';
import type { TreeHash } from '@shenbao/event-store';
import { referencePath, referenceRoot } from '../../../../libs/event-store/src/integrity/rfc9162.fixtures';
import { IntegrityStore } from './integrity.store';

const mth = referenceRoot;
const path = referencePath;
const hex = (b: Buffer) => b.toString('hex');

/** Verifies `hashes` as positions 1..n through the store, saving every `chunk` positions, as the integrity check does. */
function verifyInto(store: IntegrityStore, hashes: string[], chunk: number, from = 0) {
  let tree = store.restoreTree(from) ?? store.rebuildTree(from);
  for (let i = from; i < hashes.length; i++) {
    tree.append(hashes[i]);
    store.take({ position: i + 1, stream: `s-${i % 7}`, hash: hashes[i] }, { revision: Math.floor(i / 7), hash: hashes[i], position: i + 1 });
    if ((i + 1) % chunk === 0 || i === hashes.length - 1) store.flush(i + 1);
  }
  return tree;
}

describe('IntegrityStore', () => {
  it('keeps the verified state, and only moves it forward (two API processes on one DATA_DIR)', () => {
    const db = new Database(':memory:');
    const store = new IntegrityStore(db);
    expect(store.load()).toMatchObject({ position: 0, incidents: [] });
    const leaves = [1, 2, 3].map((position) => ({ position, stream: 's', hash: String(position).repeat(64) }));
    for (const l of leaves) store.take(l, { revision: l.position - 1, hash: l.hash, position: l.position });
    store.flush(3);
    // An older batch saved later by the other process.
    const other = new IntegrityStore(db);
    for (const l of leaves.slice(0, 2)) other.take(l, { revision: l.position - 1, hash: l.hash, position: l.position });
    other.flush(2);
    const again = new IntegrityStore(db);
    expect(again.load().position).toBe(3);
    expect(again.head('s', 4)).toEqual({ revision: 2, hash: '3'.repeat(64), position: 3 });
    expect([...again.heads()]).toEqual([['s', { revision: 2, hash: '3'.repeat(64), position: 3 }]]);
    expect(again.leaves(1, 3)).toHaveLength(3);
    expect(again.lastLeaf()).toBe(3);
  });

  it('answers heads and leaves not yet saved, and keeps none per event in memory once saved', () => {
    const store = new IntegrityStore(new Database(':memory:'));
    store.take({ position: 1, stream: 'a', hash: 'a'.repeat(64) }, { revision: 0, hash: 'a'.repeat(64), position: 1 });
    store.flush(1);
    store.take({ position: 2, stream: 'b', hash: 'b'.repeat(64) }, { revision: 0, hash: 'b'.repeat(64), position: 2 });
    expect(store.head('b', 3)).toMatchObject({ position: 2 });
    expect(store.leaves(1, 2).map((l) => l.stream)).toEqual(['a', 'b']);
    expect([...store.heads()].map(([s]) => s)).toEqual(['a', 'b']);
  });

  it("answers a stream's head before a position when another process has saved a later one (the log's row before it, with the hash verified there)", () => {
    const db = new Database(':memory:');
    const rows = [1, 2, 3].map((position) => ({ position, id: `e${position}`, stream: 's', revision: position - 1, type: 'T', data: '{}', metadata: JSON.stringify({ hash: String(position).repeat(64) }) }));
    const ahead = new IntegrityStore(db);
    for (const r of rows) ahead.take({ position: r.position, stream: 's', hash: String(r.position).repeat(64) }, { revision: r.revision, hash: String(r.position).repeat(64), position: r.position });
    ahead.flush(3);
    // The other process has verified through position 1 and now verifies position 3 (its next event of 's').
    const behind = new IntegrityStore(db, 'sha256', (stream, before) => rows.filter((r) => r.stream === stream && r.position < before).pop());
    expect(behind.head('s', 3)).toEqual({ revision: 1, hash: '2'.repeat(64), position: 2 });
    expect(new IntegrityStore(db, 'sha256', () => undefined).head('s', 1)).toBeUndefined();
    expect(new IntegrityStore(db).head('s', 4)).toEqual({ revision: 2, hash: '3'.repeat(64), position: 3 });
  });

  it('keeps one incident per stream, position and kind', () => {
    const store = new IntegrityStore(new Database(':memory:'));
    const incident = { stream: 's', position: 2, kind: 'changed' as const, detail: 'd', detectedAt: '2026-01-01T00:00:00.000Z' };
    expect(store.addIncidents([incident])).toEqual([incident]);
    expect(store.addIncidents([{ ...incident, detectedAt: '2026-01-02T00:00:00.000Z' }])).toEqual([]);
    expect(store.incidents()).toEqual([incident]);
  });

  it.each<TreeHash>(['sha256', 'sm3'])('the persisted tree gives the RFC 9162 roots and audit paths, saved in chunks and restored at any point (%s)', (alg) => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 32, maxLength: 32 }), { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 9 }),
        fc.nat(),
        fc.nat(),
        (raw, chunk, restartSeed, sizeSeed) => {
          const hashes = raw.map((r) => Buffer.from(r).toString('hex'));
          const leaves = hashes.map((h) => Buffer.from(h, 'hex'));
          const db = new Database(':memory:');
          // Verified in chunks, the process restarted somewhere (a new store and tree on the same database).
          const restartAt = restartSeed % (hashes.length + 1);
          verifyInto(new IntegrityStore(db, alg), hashes.slice(0, restartAt), chunk);
          const store = new IntegrityStore(db, alg);
          const tree = verifyInto(store, hashes, chunk, restartAt);
          const reopened = new IntegrityStore(db, alg).restoreTree(hashes.length);
          expect(reopened).toBeDefined();
          const n = 1 + (sizeSeed % hashes.length);
          for (const t of [tree, reopened!]) {
            expect(hex(t.root())).toBe(hex(mth(alg, leaves)));
            expect(hex(t.root(n))).toBe(hex(mth(alg, leaves.slice(0, n))));
            for (let m = 0; m < n; m++) {
              const proof = t.inclusionProof(m, n);
              expect(proof.map(hex)).toEqual(path(alg, m, leaves.slice(0, n)).map(hex));
              expect(verifyInclusion(alg, leafHash(alg, leaves[m]), m, n, proof, t.root(n))).toBe(true);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes the tree again from the verified hashes (an older store, another hash), holes as missing leaves', () => {
    const db = new Database(':memory:');
    const hashes = Array.from({ length: 21 }, (_, i) => createHash('sha256').update(`e${i}`).digest('hex'));
    verifyInto(new IntegrityStore(db, 'sha256'), hashes, 4);
    expect(new IntegrityStore(db, 'sm3').restoreTree(21)).toBeUndefined();
    const sm = new IntegrityStore(db, 'sm3').rebuildTree(21);
    expect(hex(sm.root())).toBe(hex(mth('sm3', hashes.map((h) => Buffer.from(h, 'hex')))));
    expect(new IntegrityStore(db, 'sm3').restoreTree(21)?.root().equals(sm.root())).toBe(true);

    db.prepare('DELETE FROM integrity_nodes').run();
    expect(new IntegrityStore(db, 'sm3').restoreTree(21)).toBeUndefined();
    db.prepare('DELETE FROM integrity_leaves WHERE position = 5').run();
    const rebuilt = new IntegrityStore(db, 'sm3').rebuildTree(21);
    const expected = hashes.map((h, i) => Buffer.from(i === 4 ? MISSING_LEAF : h, 'hex'));
    expect(hex(rebuilt.root())).toBe(hex(mth('sm3', expected)));
  });

  it('names the stored nodes that differ from the ones the leaves give', () => {
    const db = new Database(':memory:');
    const store = new IntegrityStore(db);
    const hashes = Array.from({ length: 8 }, (_, i) => createHash('sha256').update(`e${i}`).digest('hex'));
    verifyInto(store, hashes, 8);
    const made: [number, number, Buffer][] = [];
    // The nodes as the tree writes them: (1, 0..3), (2, 0..1), (3, 0).
    for (const [level, count] of [[1, 4], [2, 2], [3, 1]]) for (let i = 0; i < count; i++) made.push([level, i, store.get(level, i)!]);
    expect(store.wrongNodes(made)).toBe(0);
    db.prepare('UPDATE integrity_nodes SET hash = zeroblob(32) WHERE level = 2 AND idx = 1').run();
    db.prepare('DELETE FROM integrity_nodes WHERE level = 1 AND idx = 0').run();
    expect(new IntegrityStore(db).wrongNodes(made)).toBe(2);
  });
});
