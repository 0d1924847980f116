/**
 * Integrity over HTTP (issue #16): a sound log verifies, tree heads are signed and sent to the sink, and a case's
 * record verifies offline (tools/verify/verify.mjs, run as a separate process) and fails after any single byte of it
 * changes. The tampering scenarios are in integrity-tampering.e2e-spec.ts.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { TestClock } from './support/case-seeding';
import { applicantIn, bootCaseWorld, OFFICERS, TIANHE } from './support/case-http';
import type { CaseHttp } from './support/case-http';
import type { TestApp } from './support/test-app';
import { verifyRecordText } from '../../tools/verify/verify.mjs';

const T0 = new Date('2019-03-01T02:00:00Z');
const VERIFY = join(__dirname, '../../tools/verify/verify.mjs');

const verifyFile = (file: string): { code: number; out: string } => {
  try {
    return { code: 0, out: execFileSync(process.execPath, [VERIFY, file]).toString() };
  } catch (e) {
    const err = e as { status: number; stdout: Buffer };
    return { code: err.status, out: err.stdout.toString() };
  }
};

describe.each(['ed25519', 'sm'])('integrity (e2e, INTEGRITY_ALGORITHM=%s)', (algorithm) => {
  const clock = new TestClock(T0);
  let t: TestApp;
  let h: CaseHttp;
  let programId: string;
  let sinkFile: string;

  beforeAll(async () => {
    const dir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'shenbao-sink-'));
    sinkFile = join(dir, 'tree-heads.jsonl');
    ({ t, h, programId } = await bootCaseWorld(clock, {
      env: { INTEGRITY_ALGORITHM: algorithm, INTEGRITY_SINK: `file:${sinkFile}`, INTEGRITY_TREE_HEAD_EVENTS: '4' },
      users: { 'city-gz': OFFICERS['city-gz'], 'applicant-th': applicantIn(TIANHE) },
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('verifies the log, signs tree heads into the log and the sink, and serves a record that verifies offline', async () => {
    const c = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    const status = (await h.call('admin', 'get', '/integrity').expect(200)).body;
    expect(status).toMatchObject({ incidents: [], algorithm: algorithm === 'sm' ? 'sm2-sm3' : 'ed25519', publicKey: expect.stringContaining('BEGIN PUBLIC KEY') });
    expect(status.verifiedThrough).toBe(status.head);
    // Every 4 events a head is signed; each went to the sink as a JSON line and into the log.
    expect(status.signedTreeHead).toMatchObject({ size: expect.any(Number), rootHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const sunk = readFileSync(sinkFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { size: number });
    expect(sunk[sunk.length - 1]).toEqual(status.signedTreeHead);
    await h.call('applicant-th', 'get', '/integrity').expect(403);

    const record = (await h.call('applicant-th', 'get', `/cases/${c.id}/record`).expect(200)).body;
    // Created, saved, the sealed scan attached (the seeded program's paperwork), submitted.
    expect(record.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2, 3]);
    // With INTEGRITY_ALGORITHM=sm a new case stream is an SM3 chain; SHA-256 otherwise.
    expect(record.chainHash).toBe(algorithm === 'sm' ? 'sm3' : 'sha256');
    expect(record.events[3].metadata.hashAlgorithm).toBe(algorithm === 'sm' ? 'sm3' : undefined);
    expect(record.signedTreeHead.size).toBeGreaterThanOrEqual(record.events[3].position);
    const file = join(t.dataDir, 'record.json');
    const text = JSON.stringify(record);
    writeFileSync(file, text);
    expect(verifyFile(file)).toEqual({ code: 0, out: expect.stringContaining('OK: 4 event(s)') });
    expect(verifyRecordText(text)).toMatchObject({ ok: true, events: 4 });

    // Any single byte changed: the record no longer verifies. Every position, changed by +1 and by a case flip (the
    // nearest spellings: hex case, base64 padding bits), then a random sample of positions and replacement bytes.
    const bytes = Buffer.from(text, 'utf8');
    const passing: string[] = [];
    for (let at = 0; at < bytes.length; at++) {
      for (const change of [(b: number) => (b + 1) % 256, (b: number) => b ^ 0x20]) {
        const changed = Buffer.from(bytes);
        changed[at] = change(changed[at]);
        if (verifyRecordText(changed.toString('utf8')).ok) passing.push(`byte ${at} (${JSON.stringify(bytes.subarray(Math.max(0, at - 20), at + 20).toString())})`);
      }
    }
    expect(passing).toEqual([]);
    fc.assert(
      fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, delta) => {
        const changed = Buffer.from(bytes);
        changed[at] = (changed[at] + delta) % 256;
        const result = verifyRecordText(changed.toString('utf8'));
        return !result.ok;
      }),
      { numRuns: 500 },
    );
    // The command-line verifier names the first failure and exits non-zero.
    writeFileSync(file, text.replace(/"revision":1,/, '"revision":7,'));
    expect(verifyFile(file)).toEqual({ code: 1, out: expect.stringContaining('FAILED: event 1') });
  });

  it('goes on from the stored Merkle tree after a restart; nodes missing (an older store) or changed are written again from the verified hashes', async () => {
    const c = await h.submitted('applicant-th', 'city-gz', TIANHE, programId);
    const recordVerifies = async () => {
      const record = (await h.call('applicant-th', 'get', `/cases/${c.id}/record`).expect(200)).body;
      return verifyRecordText(JSON.stringify(record));
    };
    const appDb = () => new Database(join(t.dataDir, 'app.sqlite'));
    const nodes = () => {
      const db = appDb();
      try {
        return db.prepare('SELECT level, idx, hex(hash) AS hash FROM integrity_nodes ORDER BY level, idx').all();
      } finally {
        db.close();
      }
    };
    await h.call('admin', 'post', '/integrity/tree-heads').expect(201);
    expect(await recordVerifies()).toMatchObject({ ok: true });
    const stored = nodes();
    expect(stored.length).toBeGreaterThan(3);

    // Restarted as it is: the same nodes, no incident, the record still verifies.
    await t.restart();
    expect(await recordVerifies()).toMatchObject({ ok: true });
    expect(nodes()).toEqual(expect.arrayContaining(stored));

    // A store from before the nodes were kept; then every node changed (the frontier a restart goes on from among
    // them): found by the check after the start, written again before any head is signed or record proved.
    for (const change of ["DELETE FROM integrity_nodes; DELETE FROM integrity_state WHERE key = 'treeHash'", 'UPDATE integrity_nodes SET hash = zeroblob(32)']) {
      await t.restart(undefined, () => {
        const db = appDb();
        db.exec(change);
        db.close();
      });
      expect(await recordVerifies()).toMatchObject({ ok: true });
      expect(nodes()).toEqual(expect.arrayContaining(stored));
    }
    expect((await h.call('admin', 'get', '/integrity').expect(200)).body.incidents).toEqual([]);
  });

  it('signs a tree head on demand (admin)', async () => {
    const head = (await h.call('admin', 'post', '/integrity/tree-heads').expect(201)).body;
    const status = (await h.call('admin', 'get', '/integrity').expect(200)).body;
    expect(status.signedTreeHead).toEqual(head);
    // Over the log as verified then; its own TreeHeadSigned event comes after it.
    expect(head.size).toBeLessThan(status.head);
  });
});
