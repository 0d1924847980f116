/** Schemas of the integrity routes (GET /integrity, POST /integrity/tree-heads, GET /cases/:id/record); see read-schemas.ts. */
import { arr, bool, instant, int, obj, oneOf, record, ref, str } from './schema-helpers';
import type { Schema } from './schema-helpers';

const INCIDENT_KINDS = ['changed', 'rewritten', 'positionGap', 'revisionGap', 'reordered', 'missingTail', 'treeHeadMismatch'];

const SIGNED_TREE_HEAD = obj(
  {
    size: int('Events covered: positions 1..size'),
    rootHash: str('Hex root of the RFC 9162 Merkle tree over the event hashes'),
    signature: str('Base64 signature of the UTF-8 text {"algorithm":…,"at":…,"rootHash":…,"size":…} (sorted keys, no spaces)'),
    algorithm: oneOf(['ed25519', 'sm2-sm3']),
    at: instant(),
  },
  { description: 'A signed tree head' },
);

const INCIDENT = obj(
  {
    stream: str('The stream found broken; empty when it cannot be known (a position deleted before it was ever verified)'),
    position: int(),
    kind: oneOf(INCIDENT_KINDS),
    detail: str('What was found'),
    detectedAt: instant(),
  },
  { description: 'An integrity incident' },
);

const RECORD_EVENT = obj(
  {
    position: int(),
    revision: int(),
    hash: str(),
    prevHash: str(),
    inclusionProof: arr(str(), 'Hex audit path of leaf position − 1 into the tree of signedTreeHead.size'),
    id: str(),
    type: str(),
    data: record('The event data as stored'),
    metadata: record('The metadata as stored, with prevHash and hash'),
    redacted: bool('Present (true) when the caller may not read this event in full: only its hashes and proof are given'),
  },
  { optional: ['id', 'type', 'data', 'metadata', 'redacted'] },
);

export const INTEGRITY_SCHEMAS: Record<string, Schema> = {
  SignedTreeHead: SIGNED_TREE_HEAD,
  Integrity: obj({
    verifiedThrough: int('The log position verified through'),
    head: int('The log head position'),
    signedTreeHead: { ...SIGNED_TREE_HEAD, nullable: true, description: 'The last signed tree head; null before the first' },
    publicKey: str('SPKI PEM of the tree-head key'),
    algorithm: oneOf(['ed25519', 'sm2-sm3']),
    incidents: arr(INCIDENT),
  }),
  CaseRecord: obj({
    format: oneOf(['shenbao-case-record/1']),
    caseId: str(),
    stream: str(),
    chainHash: oneOf(['sha256', 'sm3'], "The stream's chain hash"),
    treeHash: oneOf(['sha256', 'sm3']),
    events: arr(RECORD_EVENT),
    signedTreeHead: ref('SignedTreeHead'),
    publicKey: str('SPKI PEM of the tree-head key'),
  }),
};
