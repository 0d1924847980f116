/**
 * `GET /cases/:id/record`: the case's events as stored (data and metadata exactly as hashed), each with its position,
 * hash and an inclusion proof into a signed tree head, the head and the public key: enough to check offline, without
 * the server (tools/verify/verify.mjs), that the events are the ones the log holds and that the log's head was
 * signed with that key. Events the caller may not read in full (the history's redaction rules) carry only their
 * position, revision, hashes and proof: their content cannot be checked, but their place in the chain and the tree can.
 */
import type { ChainHash, SignedTreeHead, StoredRow, TreeHash } from '@shenbao/event-store';

export const RECORD_FORMAT = 'shenbao-case-record/1';

export interface RecordEvent {
  position: number;
  revision: number;
  hash: string;
  prevHash: string;
  /** Hex hashes of the audit path (RFC 9162 §2.1.3) of leaf position − 1 in the tree of `signedTreeHead.size`. */
  inclusionProof: string[];
  id?: string;
  type?: string;
  data?: unknown;
  /** As stored: with prevHash and hash, which the event hash leaves out. */
  metadata?: Record<string, unknown>;
  redacted?: true;
}

export interface CaseRecord {
  format: typeof RECORD_FORMAT;
  caseId: string;
  stream: string;
  /** The stream's chain hash (its events' metadata.hashAlgorithm; SHA-256 when absent) over prevHash + canonical JSON of {data, id, metadata sans hashes, revision, stream, type}. */
  chainHash: ChainHash;
  /** Hash of the Merkle tree (RFC 9162): sha256 with Ed25519 heads, sm3 with SM2 heads. */
  treeHash: TreeHash;
  events: RecordEvent[];
  signedTreeHead: SignedTreeHead;
  /** SPKI PEM of the tree-head key. */
  publicKey: string;
}

export function recordEvent(row: StoredRow, redacted: boolean, proof: Buffer[]): RecordEvent {
  const metadata = JSON.parse(row.metadata) as Record<string, unknown> & { hash: string; prevHash: string };
  const base = { position: row.position, revision: row.revision, hash: metadata.hash, prevHash: metadata.prevHash, inclusionProof: proof.map((p) => p.toString('hex')) };
  if (redacted) return { ...base, redacted: true };
  return { ...base, id: row.id, type: row.type, data: JSON.parse(row.data) as unknown, metadata };
}
