/**
 * Signed tree heads: the size and root of the log's Merkle tree at an instant, signed with the tree-head key. The
 * signed bytes are the UTF-8 of `{"algorithm":…,"at":…,"rootHash":…,"size":…}` (canonical JSON: sorted keys, no
 * spaces), which any verifier can rebuild from the head itself.
 */
import type { SignatureAlgorithm, TreeHeadSigner } from './signer';
import { verifySignature } from './signer';

export interface SignedTreeHead {
  /** Leaves (events) covered: positions 1..size. */
  size: number;
  /** Hex. */
  rootHash: string;
  /** Base64. */
  signature: string;
  algorithm: SignatureAlgorithm;
  /** ISO 8601 instant of signing. */
  at: string;
}

export function treeHeadMessage(head: Pick<SignedTreeHead, 'size' | 'rootHash' | 'algorithm' | 'at'>): Buffer {
  return Buffer.from(JSON.stringify({ algorithm: head.algorithm, at: head.at, rootHash: head.rootHash, size: head.size }), 'utf8');
}

export function signTreeHead(signer: TreeHeadSigner, size: number, root: Buffer, at: Date): SignedTreeHead {
  const unsigned = { size, rootHash: root.toString('hex'), algorithm: signer.algorithm, at: at.toISOString() };
  return { ...unsigned, signature: signer.sign(treeHeadMessage(unsigned)).toString('base64') };
}

export function verifyTreeHead(head: SignedTreeHead, publicKey: string): boolean {
  return verifySignature(head.algorithm, publicKey, treeHeadMessage(head), Buffer.from(head.signature, 'base64'));
}
