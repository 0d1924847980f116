#!/usr/bin/env node
/**
 * Offline verifier of a Shenbao case record (GET /api/v1/cases/:id/record), for anyone who must check a record
 * without trusting the server: plain Node (≥ 20, whose OpenSSL has SM2 and SM3), no dependencies, nothing of the
 * server imported. It checks, and names the first failure:
 *   1. the record's shape (exact fields; hex and base64 in their one canonical spelling, so no byte can change
 *      unnoticed);
 *   2. the signed tree head's signature with the record's public key (Ed25519, or SM2 with SM3);
 *   3. every event's hash chain: revisions 0, 1, 2, … each linked to the previous hash, and each hash recomputed as
 *      H(prevHash + canonical JSON of {data, id, metadata without prevHash/hash, revision, stream, type}), H the
 *      stream's chain hash: SHA-256, or SM3 where the metadata says `"hashAlgorithm":"sm3"`;
 *   4. every event's inclusion proof into the signed tree head (RFC 9162: leaf = H(0x00 ‖ hash), node =
 *      H(0x01 ‖ left ‖ right), H = SHA-256 or SM3).
 * A matching public key must come from elsewhere (the operator publishes it; the sink holds the heads): the record
 * proves the events are those of a log whose head that key signed.
 * Usage: node tools/verify/verify.mjs record.json  (or npm run verify -- record.json); exit 0 when it verifies, 1
 * when it does not, 2 when the file cannot be read.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const FORMAT = 'shenbao-case-record/1';
const GENESIS = '0'.repeat(64);
const SUITES = { ed25519: { tree: 'sha256', digest: null }, 'sm2-sm3': { tree: 'sm3', digest: 'sm3' } };
const HEX64 = /^[0-9a-f]{64}$/;

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};

/** JSON with object keys sorted and no whitespace: the plain definition the chain hashes. */
export function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
}

function exactKeys(what, object, required, optional = []) {
  if (object === null || typeof object !== 'object' || Array.isArray(object)) fail(`${what} is not an object`);
  for (const key of required) if (!(key in object)) fail(`${what} lacks ${key}`);
  for (const key of Object.keys(object)) if (!required.includes(key) && !optional.includes(key)) fail(`${what} has an unknown field ${key}`);
}

const isCount = (n) => Number.isSafeInteger(n) && n >= 0;

/** Base64 in its one canonical spelling (no stray characters, no set padding bits). */
function strictBase64(what, text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) fail(`${what} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) fail(`${what} is not canonical base64`);
  return bytes;
}

/** An SPKI PEM exactly as Node writes it (64-character lines), so that no byte of it goes unchecked. */
function publicKeyOf(pem) {
  if (typeof pem !== 'string') fail('publicKey is not a string');
  const match = /^-----BEGIN PUBLIC KEY-----\n([A-Za-z0-9+/=\n]+)\n-----END PUBLIC KEY-----\n$/.exec(pem);
  if (!match) fail('publicKey is not a PEM public key');
  const body = match[1].split('\n');
  if (body.some((line, i) => line.length !== 64 && i !== body.length - 1)) fail('publicKey is not laid out in 64-character lines');
  const der = strictBase64('publicKey', body.join(''));
  let key;
  try {
    key = createPublicKey({ key: der, format: 'der', type: 'spki' });
  } catch (e) {
    fail(`publicKey cannot be read: ${e.message}`);
  }
  // OpenSSL reads some non-canonical encodings (a BIT STRING claiming unused bits) as the same key: insist on the
  // one encoding, so that no byte of the record can change unnoticed.
  if (!key.export({ type: 'spki', format: 'der' }).equals(der)) fail('publicKey is not in its canonical DER encoding');
  return key;
}

function leafHash(alg, hashHex) {
  return createHash(alg).update(Buffer.of(0)).update(Buffer.from(hashHex, 'hex')).digest();
}
function nodeHash(alg, left, right) {
  return createHash(alg).update(Buffer.of(1)).update(left).update(right).digest();
}

/** RFC 9162 §2.1.3.2. */
function inclusionHolds(alg, leaf, index, size, path, root) {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(alg, p, r);
      if ((fn & 1) === 0) while ((fn & 1) === 0 && fn !== 0) { fn >>= 1; sn >>= 1; }
    } else {
      r = nodeHash(alg, r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}

function checkHead(record) {
  const head = record.signedTreeHead;
  exactKeys('signedTreeHead', head, ['size', 'rootHash', 'signature', 'algorithm', 'at']);
  const suite = SUITES[head.algorithm];
  if (!suite) fail(`signedTreeHead.algorithm ${JSON.stringify(head.algorithm)} is not ed25519 or sm2-sm3`);
  if (record.treeHash !== suite.tree) fail(`treeHash ${JSON.stringify(record.treeHash)} does not go with ${head.algorithm} (${suite.tree})`);
  if (!isCount(head.size) || head.size < 1) fail('signedTreeHead.size is not a positive integer');
  if (!HEX64.test(head.rootHash)) fail('signedTreeHead.rootHash is not 64 lowercase hex digits');
  if (typeof head.at !== 'string' || Number.isNaN(Date.parse(head.at))) fail('signedTreeHead.at is not an instant');
  const signature = strictBase64('signedTreeHead.signature', head.signature);
  const message = Buffer.from(JSON.stringify({ algorithm: head.algorithm, at: head.at, rootHash: head.rootHash, size: head.size }), 'utf8');
  const key = publicKeyOf(record.publicKey);
  let good = false;
  try {
    good = verify(suite.digest, message, key, signature);
  } catch {
    good = false;
  }
  if (!good) fail(`the signature of the tree head (size ${head.size}) does not verify with the record's public key`);
  return head;
}

function checkEvent(record, head, e, i, prev) {
  const what = `event ${i} (position ${e?.position})`;
  const redacted = e !== null && typeof e === 'object' && 'redacted' in e;
  const always = ['position', 'revision', 'hash', 'prevHash', 'inclusionProof'];
  if (redacted) exactKeys(what, e, [...always, 'redacted']);
  else exactKeys(what, e, [...always, 'id', 'type', 'data', 'metadata']);
  if (redacted && e.redacted !== true) fail(`${what}: redacted must be true`);
  if (!isCount(e.position) || e.position < 1) fail(`${what}: position is not a positive integer`);
  if (e.position <= prev.position) fail(`${what}: positions must increase (after ${prev.position})`);
  if (e.revision !== i) fail(`${what}: revision ${e.revision} found where ${i} was expected`);
  if (!HEX64.test(e.hash) || !HEX64.test(e.prevHash)) fail(`${what}: hash and prevHash must be 64 lowercase hex digits`);
  if (e.prevHash !== prev.hash) fail(`${what}: prevHash does not link to the previous event's hash`);
  if (!redacted) {
    if (typeof e.id !== 'string' || typeof e.type !== 'string') fail(`${what}: id and type must be strings`);
    const m = e.metadata;
    if (m === null || typeof m !== 'object' || Array.isArray(m)) fail(`${what}: metadata is not an object`);
    if (m.hash !== e.hash || m.prevHash !== e.prevHash) fail(`${what}: metadata.hash/prevHash differ from the event's`);
    // The stream's chain hash: named in the metadata for SM3 only (hashed with it, so it cannot be swapped quietly).
    const chain = m.hashAlgorithm === undefined ? 'sha256' : m.hashAlgorithm;
    if (chain !== record.chainHash) fail(`${what}: its chain hash ${JSON.stringify(chain)} is not the record's ${record.chainHash}`);
    const { hash: _h, prevHash: _p, ...hashed } = m;
    const envelope = canonical({ data: e.data, id: e.id, metadata: hashed, revision: e.revision, stream: record.stream, type: e.type });
    const hash = createHash(chain).update(e.prevHash).update(envelope).digest('hex');
    if (hash !== e.hash) fail(`${what}: its hash does not match its content (revision ${e.revision} of ${record.stream})`);
  }
  if (e.position > head.size) fail(`${what}: position is beyond the signed tree head (size ${head.size})`);
  if (!Array.isArray(e.inclusionProof) || e.inclusionProof.some((p) => !HEX64.test(p))) fail(`${what}: inclusionProof must be a list of 64-digit lowercase hex hashes`);
  const alg = record.treeHash;
  const proven = inclusionHolds(alg, leafHash(alg, e.hash), e.position - 1, head.size, e.inclusionProof.map((p) => Buffer.from(p, 'hex')), Buffer.from(head.rootHash, 'hex'));
  if (!proven) fail(`${what}: its inclusion proof does not lead to the signed root`);
  return { position: e.position, hash: e.hash };
}

/** Checks a parsed record; `{ok: true, events}` or `{ok: false, failure}` naming the first failure. */
export function verifyRecord(record) {
  try {
    exactKeys('the record', record, ['format', 'caseId', 'stream', 'chainHash', 'treeHash', 'events', 'signedTreeHead', 'publicKey']);
    if (record.format !== FORMAT) fail(`format ${JSON.stringify(record.format)} is not ${FORMAT}`);
    if (record.chainHash !== 'sha256' && record.chainHash !== 'sm3') fail(`chainHash ${JSON.stringify(record.chainHash)} is not sha256 or sm3`);
    if (typeof record.caseId !== 'string' || record.stream !== `case-${record.caseId}`) fail('stream is not the stream of caseId');
    const head = checkHead(record);
    if (!Array.isArray(record.events) || record.events.length === 0) fail('events is empty');
    let prev = { position: 0, hash: GENESIS };
    record.events.forEach((e, i) => {
      prev = checkEvent(record, head, e, i, prev);
    });
    return { ok: true, events: record.events.length, treeSize: head.size, algorithm: head.algorithm };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, failure: e.message };
    return { ok: false, failure: `unexpected: ${e.message}` };
  }
}

/** Checks the text of a record file (it must be JSON). */
export function verifyRecordText(text) {
  let record;
  try {
    record = JSON.parse(text);
  } catch (e) {
    return { ok: false, failure: `the record is not JSON: ${e.message}` };
  }
  return verifyRecord(record);
}

function main(argv) {
  const file = argv[2];
  if (!file) {
    process.stderr.write('usage: verify.mjs <record.json>\n');
    return 2;
  }
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`cannot read ${file}: ${e.message}\n`);
    return 2;
  }
  const result = verifyRecordText(text);
  if (result.ok) {
    process.stdout.write(`OK: ${result.events} event(s) of the record verify: hash chain, inclusion proofs into a tree of ${result.treeSize}, ${result.algorithm} signature.\n`);
    return 0;
  }
  process.stdout.write(`FAILED: ${result.failure}\n`);
  return 1;
}

// Run as a script (not when imported, e.g. by the tests).
if (/verify\.mjs$/.test(process.argv[1] ?? '')) process.exitCode = main(process.argv);
