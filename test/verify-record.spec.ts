/**
 * tools/verify/verify.mjs on records built here from the libraries (no server): a sound record verifies, and the
 * encodings OpenSSL and Buffer read leniently (a public key whose BIT STRING claims an unused bit, base64 with set
 * padding bits, upper-case hex) are refused, so that no changed byte of a record goes unnoticed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryEventStore, MerkleLog, canonicalJson, loadOrCreateSigner, signTreeHead } from '@shenbao/event-store';
import type { TreeHeadSigner } from '@shenbao/event-store';
import { verifyRecord } from '../tools/verify/verify.mjs';

const meta = { actor: 'u-1', role: 'applicant', at: '2026-03-01T08:00:00.000Z', correlationId: 'c', causationId: 'c', schemaVersion: 1 };

async function record(signer: TreeHeadSigner): Promise<Record<string, unknown> & { publicKey: string; signedTreeHead: { signature: string } }> {
  const store = new MemoryEventStore();
  await store.append([{ stream: 'program-1', expectedRevision: 'any', events: [{ id: 'p0', type: 'P', data: {}, metadata: meta }] }]);
  await store.append([{ stream: 'case-7', expectedRevision: 'any', events: [0, 1, 2].map((i) => ({ id: `e${i}`, type: 'T', data: { i, 名: '天河' }, metadata: meta })) }]);
  const all = await store.readAll({ fromPosition: 0, limit: 10 });
  const tree = new MerkleLog(signer.tree);
  for (const e of all) tree.append(e.metadata.hash);
  const head = signTreeHead(signer, tree.size, tree.root(), new Date('2026-03-02T00:00:00Z'));
  const events = (await store.readStream('case-7')).map((e) => ({
    position: e.position, revision: e.revision, hash: e.metadata.hash, prevHash: e.metadata.prevHash,
    inclusionProof: tree.inclusionProof(e.position - 1).map((p) => p.toString('hex')),
    id: e.id, type: e.type, data: JSON.parse(canonicalJson(e.data)) as unknown, metadata: { ...e.metadata },
  }));
  return { format: 'shenbao-case-record/1', caseId: '7', stream: 'case-7', chainHash: 'sha256', treeHash: signer.tree, events, signedTreeHead: head, publicKey: signer.publicKey };
}

describe('verify.mjs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'shenbao-verify-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['ed25519', 'sm'] as const)('passes a sound record (%s) and names the first failure of a changed one', async (suite) => {
    const r = await record(loadOrCreateSigner(join(dir, suite), suite));
    expect(verifyRecord(r)).toMatchObject({ ok: true, events: 3, treeSize: 4 });
    const events = r.events as { data: { i: number } }[];
    events[1].data.i = 5;
    expect(verifyRecord(r)).toEqual({ ok: false, failure: 'event 1 (position 3): its hash does not match its content (revision 1 of case-7)' });
  });

  it('refuses a public key whose BIT STRING claims an unused bit (OpenSSL reads it as the same key)', async () => {
    // A key whose last byte is even: OpenSSL then accepts the non-canonical DER as that key.
    let signer: TreeHeadSigner;
    let n = 0;
    do signer = loadOrCreateSigner(join(dir, `even-${n++}`), 'ed25519');
    while (Buffer.from(signer.publicKey.split('\n')[1], 'base64').at(-1)! % 2 !== 0);
    const r = await record(signer);
    const der = Buffer.from(r.publicKey.split('\n')[1], 'base64');
    der[11] = 1; // the BIT STRING's unused-bits count
    r.publicKey = `-----BEGIN PUBLIC KEY-----\n${der.toString('base64')}\n-----END PUBLIC KEY-----\n`;
    expect(verifyRecord(r)).toEqual({ ok: false, failure: 'publicKey is not in its canonical DER encoding' });
  });

  it('refuses base64 with set padding bits and upper-case hex', async () => {
    const r = await record(loadOrCreateSigner(join(dir, 'lenient'), 'ed25519'));
    const sig = r.signedTreeHead.signature; // 64 bytes: two padding characters, the last data character has 4 spare bits
    const last = sig[sig.length - 3];
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    r.signedTreeHead.signature = `${sig.slice(0, -3)}${alphabet[alphabet.indexOf(last) ^ 1]}==`;
    expect(Buffer.from(r.signedTreeHead.signature, 'base64').equals(Buffer.from(sig, 'base64'))).toBe(true);
    expect(verifyRecord(r)).toEqual({ ok: false, failure: 'signedTreeHead.signature is not canonical base64' });
    r.signedTreeHead.signature = sig;
    const events = r.events as { hash: string }[];
    events[0].hash = events[0].hash.toUpperCase();
    expect(verifyRecord(r)).toMatchObject({ ok: false, failure: expect.stringContaining('64 lowercase hex digits') });
  });
});
