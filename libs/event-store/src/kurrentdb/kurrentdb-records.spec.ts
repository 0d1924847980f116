/**
 * The KurrentDB adapter's pure mapping, checked here without a server: names, expected revisions, positions, the
 * records written and how they read back (through the shapes @kurrent/kurrentdb-client hands out).
 */
import { ANY, NO_STREAM } from '@kurrent/kurrentdb-client';
import { runAppend } from '../append-core';
import { newEvent } from '../contract.fixtures';
import { EventStoreError } from '../errors';
import { verifyChain } from '../hash-chain';
import { MemoryEventLog } from '../memory.event-store';
import type { StreamWrite } from '../port';
import type { StoredRow } from '../stored-row';
import {
  PROPERTY,
  appendRequests,
  checkKurrentNames,
  decodeIdEntry,
  decodeRecord,
  eventRecord,
  fromRevision,
  headOf,
  idRecord,
  logRecord,
  logRecordId,
  logRevisionAfter,
  positionOfLogRevision,
  storeNames,
  toStreamState,
  UUID,
} from './kurrentdb-records';
import type { KurrentRecord, RecordRead } from './kurrentdb-records';

const names = storeNames('t1');

/** What the client hands back for a record written with `record` at `revision` of `streamId` (KurrentDB ≥ 25.1 merges
 * the properties into the metadata beside its own `$schema.*` keys; the client parses JSON data). */
function readBack(record: KurrentRecord, streamId: string, revision: number): RecordRead {
  return {
    id: record.id,
    streamId,
    revision: BigInt(revision),
    type: record.type,
    isJson: true,
    data: JSON.parse(JSON.stringify(record.data)) as unknown,
    metadata: { ...record.metadata, '$schema.name': record.type, '$schema.format': 'Json' },
  };
}

/** Rows as the SQLite and memory adapters store them (the same append-core, the same canonical text). */
function storedRows(writes: StreamWrite[]): StoredRow[] {
  const log = new MemoryEventLog();
  runAppend(log, writes);
  // append-core hands its target the row's hash beside the row; the stored form keeps it inside the metadata only.
  return log.rows.map((row) => {
    const { hash: _hash, ...stored } = row as StoredRow & { hash?: string };
    return stored;
  });
}

describe('KurrentDB mapping', () => {
  it('names every stream of a store under its prefix, and refuses a prefix KurrentDB would not take', () => {
    expect(names.eventStream('case-42')).toBe('t1-case-42');
    expect(names.log).toBe('t1_log');
    expect(names.idStream('0190-x')).toBe('t1_id-0190-x');
    expect(names.probe).toBe('t1_probe');
    // A port stream can never be named like the log or an id record: those use `_` right after the prefix.
    expect(names.eventStream('log')).not.toBe(names.log);
    for (const bad of ['', 'a b', 'ü', 'a:b', 'x'.repeat(65)]) expect(() => storeNames(bad)).toThrow(/prefix must be 1-64 characters/);
  });

  it('maps expected revisions: any → ANY, no_stream and -1 → NO_STREAM, n → n as a bigint', () => {
    expect(toStreamState('any')).toBe(ANY);
    expect(toStreamState('no_stream')).toBe(NO_STREAM);
    expect(toStreamState(-1)).toBe(NO_STREAM);
    expect(toStreamState(0)).toBe(0n);
    expect(toStreamState(41)).toBe(41n);
    expect(() => toStreamState(-2)).toThrow(EventStoreError);
    expect(() => toStreamState(1.5)).toThrow('invalid expected revision 1.5');
  });

  it('maps positions to the log: the event at position p is the log record at revision p - 1', () => {
    expect(positionOfLogRevision(0n)).toBe(1);
    expect(positionOfLogRevision(41n)).toBe(42);
    // A follower at position p reads on from log revision p: the record of position p + 1.
    for (const p of [0, 1, 999]) expect(positionOfLogRevision(logRevisionAfter(p))).toBe(p + 1);
    expect(fromRevision(7n)).toBe(7);
    expect(() => fromRevision(2n ** 60n)).toThrow('out of range');
  });

  it('refuses, before writing, what KurrentDB would refuse: naming the field and the rule', () => {
    const ok = { id: '0192f1c4-5c1e-7abc-8def-0123456789ab', type: 'ApplicationSubmitted' };
    expect(() => checkKurrentNames('case-1', [ok], names)).not.toThrow();
    expect(() => checkKurrentNames('case:1', [ok], names)).toThrow('stream case:1: the KurrentDB store takes stream names of letters, digits, _ . - only');
    expect(() => checkKurrentNames('case-1', [{ ...ok, id: 'seed-1' }], names)).toThrow('event id seed-1 must be a UUID');
    expect(() => checkKurrentNames('case-1', [{ ...ok, type: 'Application Submitted' }], names)).toThrow(
      'type Application Submitted must be letters, digits, _ . -',
    );
  });

  it('gives a log copy and an id record ids of their own, derived from the event id (a retry writes the same ones)', () => {
    const id = '0192f1c4-5c1e-7abc-8def-0123456789ab';
    expect(logRecordId(id)).toMatch(UUID);
    expect(logRecordId(id)).toBe(logRecordId(id));
    expect(logRecordId(id)).not.toBe(id);
    const [row] = storedRows([{ stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent({}, { id })] }]);
    expect(new Set([row.id, logRecord(row).id, idRecord(row).id]).size).toBe(3);
  });

  describe('records written and read back', () => {
    const writes = (): StreamWrite[] => [
      { stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent({ city: '广州', '10': 1, '9': 2 }), newEvent({ n: [1, 2.5, null] })] },
      { stream: 'program-1', expectedRevision: 'no_stream', events: [newEvent({}, { metadata: { ...newEvent().metadata, hashAlgorithm: 'sm3' } })] },
    ];

    it('an event record reads back as the very row SQLite stores: data canonical again, metadata byte for byte', () => {
      const rows = storedRows(writes());
      const decoded = rows.map((row) => decodeRecord(readBack(eventRecord(row), names.eventStream(row.stream), row.revision), 'event'));
      expect(decoded).toEqual(rows);
      // JSON.stringify puts the integer-like keys first; the canonical text (and so the hash) is restored on read.
      expect(JSON.stringify(eventRecord(rows[0]).data)).not.toBe(rows[0].data);
      expect(verifyChain(decoded.filter((r) => r.stream === 'case-1'))).toEqual({ ok: true, checked: 2 });
      expect(verifyChain(decoded.filter((r) => r.stream === 'program-1'))).toEqual({ ok: true, checked: 1 });
      expect(JSON.parse(decoded[2].metadata)).toMatchObject({ hashAlgorithm: 'sm3' });
    });

    it('a log copy reads back as the same row, its id, stream and revision from its properties', () => {
      const rows = storedRows(writes());
      const decoded = rows.map((row) => decodeRecord(readBack(logRecord(row), names.log, row.position - 1), 'log'));
      expect(decoded).toEqual(rows);
    });

    it('a log copy whose place in the log disagrees with the position it names is refused', () => {
      const [row] = storedRows(writes());
      expect(() => decodeRecord(readBack(logRecord(row), names.log, 5), 'log')).toThrow('names position 1, its log revision says 6');
    });

    it('a record Shenbao did not write is refused by name', () => {
      const [row] = storedRows(writes());
      const foreign = readBack(eventRecord(row), 't1-case-1', 0);
      delete (foreign.metadata as Record<string, string>)[PROPERTY.metadata];
      expect(() => decodeRecord(foreign, 'event')).toThrow(`KurrentDB record t1-case-1@0 has no ${PROPERTY.metadata} property: not written by Shenbao`);
      expect(() => decodeRecord({ ...readBack(eventRecord(row), 't1-case-1', 0), isJson: false }, 'event')).toThrow('is not JSON');
    });

    it('an id record says where the event is stored', () => {
      const rows = storedRows(writes());
      expect(decodeIdEntry(readBack(idRecord(rows[2]), names.idStream(rows[2].id), 0).data)).toEqual({ stream: 'program-1', revision: 0, position: 3 });
      expect(() => decodeIdEntry({ stream: 'x' })).toThrow('malformed');
    });

    it("a stream's head carries its hash and chain hash on to the next append", () => {
      const rows = storedRows(writes());
      expect(headOf(rows[1])).toEqual({ revision: 1, hash: JSON.parse(rows[1].metadata).hash });
      expect(headOf(rows[2])).toMatchObject({ revision: 0, hashAlgorithm: 'sm3' });
    });
  });

  it('writes one append as the log copies at the log head read, each stream at its head read, and a new id record per event', () => {
    const log = new MemoryEventLog();
    runAppend(log, [{ stream: 'program-1', expectedRevision: 'no_stream', events: [newEvent(), newEvent()] }]);
    runAppend(log, [
      { stream: 'case-1', expectedRevision: 'no_stream', events: [newEvent()] },
      { stream: 'program-1', expectedRevision: 1, events: [newEvent()] },
    ]);
    const inserted = log.rows.slice(2);
    const requests = appendRequests(names, 2, inserted, (s) => (s === 'program-1' ? 1 : -1));
    expect(requests.map((r) => [r.streamName, r.expectedState, r.events.length])).toEqual([
      ['t1_log', 1n, 2],
      ['t1-case-1', NO_STREAM, 1],
      ['t1-program-1', 1n, 1],
      [`t1_id-${inserted[0].id}`, NO_STREAM, 1],
      [`t1_id-${inserted[1].id}`, NO_STREAM, 1],
    ]);
    expect(requests[0].events.map((e) => e.metadata[PROPERTY.position])).toEqual(['3', '4']);
    // The first append of a store expects the log not to exist.
    expect(appendRequests(names, 0, log.rows.slice(0, 2), () => -1)[0].expectedState).toBe(NO_STREAM);
  });
});
