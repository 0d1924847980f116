/**
 * The key that signs tree heads, kept outside the event store: a PEM file in its own directory (mode 0600), made on
 * first use. Two suites:
 * - `ed25519`: Ed25519 signatures, SHA-256 tree;
 * - `sm`: SM2 signatures with SM3 (GB/T 32918, default signer id "1234567812345678"), SM3 tree.
 * Node generates SM2 keys as plain `ec` keys on the SM2 curve; signed through such a key object OpenSSL makes an
 * ECDSA-with-SM3 signature, not SM2. Only a key read back from its PEM is typed SM2 by OpenSSL 3, so the key is
 * always written first and loaded from the file (integrity.spec checks the result against the openssl CLI).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, getCurves, getHashes, randomBytes, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TreeHash } from './merkle';

export type IntegritySuite = 'ed25519' | 'sm';
/** As written in a signed tree head. */
export type SignatureAlgorithm = 'ed25519' | 'sm2-sm3';

export const SUITES: Record<IntegritySuite, { signature: SignatureAlgorithm; tree: TreeHash; file: string }> = {
  ed25519: { signature: 'ed25519', tree: 'sha256', file: 'tree-head-ed25519.pem' },
  sm: { signature: 'sm2-sm3', tree: 'sm3', file: 'tree-head-sm2.pem' },
};

export interface TreeHeadSigner {
  readonly suite: IntegritySuite;
  readonly algorithm: SignatureAlgorithm;
  readonly tree: TreeHash;
  /** SPKI PEM. */
  readonly publicKey: string;
  /** True when the key file was made just now (the caller prints the public key). */
  readonly created: boolean;
  readonly keyPath: string;
  sign(message: Buffer): Buffer;
}

/** What the running OpenSSL lacks for a suite, or undefined when it has everything. */
export function missingSupport(suite: IntegritySuite): string | undefined {
  if (suite === 'ed25519') return undefined;
  const missing: string[] = [];
  if (!getHashes().includes('sm3')) missing.push('the SM3 hash (crypto.getHashes() has no "sm3")');
  if (!getCurves().includes('SM2')) missing.push('the SM2 curve (crypto.getCurves() has no "SM2")');
  return missing.length ? `INTEGRITY_ALGORITHM=sm needs ${missing.join(' and ')} in Node's OpenSSL (${process.versions.openssl})` : undefined;
}

export function loadOrCreateSigner(keyDir: string, suite: IntegritySuite): TreeHeadSigner {
  const problem = missingSupport(suite);
  if (problem) throw new Error(problem);
  const { signature, tree, file } = SUITES[suite];
  const keyPath = join(keyDir, file);
  let created = false;
  if (!existsSync(keyPath)) {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    const { privateKey } = suite === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'SM2' });
    // Written whole under a name of its own, then linked into place: replicas starting at once on one shared key
    // directory end with one key (the first link wins; the others read it), and none reads a half-written file.
    const temporary = `${keyPath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    try {
      linkSync(temporary, keyPath);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(temporary);
    }
  }
  chmodSync(keyPath, 0o600);
  const privateKey = createPrivateKey(readFileSync(keyPath));
  // Read back from PEM, OpenSSL 3 types an SM2-curve key as SM2, which Node does not name (asymmetricKeyType undefined).
  const type = privateKey.asymmetricKeyType;
  const fits = suite === 'ed25519' ? type === 'ed25519' : type === undefined || (type === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve === 'SM2');
  if (!fits) {
    throw new Error(`${keyPath} holds a ${String(privateKey.asymmetricKeyType)} key, not the ${signature} key INTEGRITY_ALGORITHM=${suite} needs`);
  }
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }) as string;
  return {
    suite,
    algorithm: signature,
    tree,
    publicKey,
    created,
    keyPath,
    sign: (message) => sign(suite === 'ed25519' ? null : 'sm3', message, privateKey),
  };
}

export function verifySignature(algorithm: SignatureAlgorithm, publicKey: string | KeyObject, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(algorithm === 'ed25519' ? null : 'sm3', message, publicKey, signature);
  } catch {
    return false;
  }
}
